package dev.sluice.python;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Persist entries ({@code <persist_name>##<key>} → typed value). In memory for now: the durable
 * MapDB store with its crash-safe journal replaces this class in the state issue.
 */
public class PersistStore {
    /** kind: 1 str, 2 int (decimal text), 3 bytes (latin-1 text). */
    public record Entry(int kind, String value) {}

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    public Entry get(String name) { return entries.get(name); }

    public void put(String name, int kind, String value) { entries.put(name, new Entry(kind, value)); }

    /** Keys of every entry whose name starts with the persist name, as syslog-ng lists them. */
    public List<String> keys(String persistName) {
        List<String> out = new ArrayList<>();
        for (String name : entries.keySet()) {
            int sep = name.indexOf("##");
            if (name.startsWith(persistName) && sep >= 0) out.add(name.substring(sep + 2));
        }
        return out;
    }
}
