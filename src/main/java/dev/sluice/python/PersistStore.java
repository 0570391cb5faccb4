package dev.sluice.python;

import dev.sluice.state.StateStore;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Python {@code Persist} entries ({@code <persist_name>##<key>} → typed value) kept in the
 * durable {@link StateStore}. A value is stored as its kind byte followed by its text.
 */
public class PersistStore {
    /** kind: 1 str, 2 int (decimal text), 3 bytes (latin-1 text). */
    public record Entry(int kind, String value) {}

    private static final byte INT = 2;
    private static final String PREFIX = "persist/";

    private final StateStore state;

    public PersistStore(StateStore state) { this.state = state; }

    public Entry get(String name) {
        byte[] v = state.get(PREFIX + name);
        return v == null ? null : new Entry(v[0], new String(v, 1, v.length - 1, StandardCharsets.UTF_8));
    }

    /** One entry, resolved once: Python keeps it, so an assignment is a single cheap call. */
    public Slot slot(String name) { return new Slot(StateStore.Key.of(PREFIX + name)); }

    /** The keys stored under a persist name. */
    public List<String> keys(String persistName) {
        String prefix = PREFIX + persistName + "##";
        List<String> out = new ArrayList<>();
        for (String k : state.keys(prefix)) out.add(k.substring(prefix.length()));
        return out;
    }

    /** Callable from Python as {@code slot(n)} for an int, the fast path of {@code persist[k] += 1}. */
    public final class Slot implements java.util.function.LongConsumer {
        private final StateStore.Key key;

        private Slot(StateStore.Key key) { this.key = key; }

        public void set(int kind, String value) {
            byte[] text = value.getBytes(StandardCharsets.UTF_8);
            byte[] v = new byte[text.length + 1];
            v[0] = (byte) kind;
            System.arraycopy(text, 0, v, 1, text.length);
            state.put(key, v);
        }

        @Override
        public void accept(long value) { setInt(value); }

        public void setInt(long value) {
            String digits = Long.toString(value);
            byte[] v = new byte[digits.length() + 1];
            v[0] = INT;
            digits.getBytes(0, digits.length(), v, 1); // ASCII digits
            state.put(key, v);
        }
    }
}
