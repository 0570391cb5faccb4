package dev.sluice.python;

import dev.sluice.state.StateStore;

import java.nio.charset.StandardCharsets;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Python {@code Persist} entries ({@code <persist_name>##<key>} → typed value) kept in the
 * durable {@link StateStore}. A str, bytes or big int is stored as its kind byte followed by its
 * text; an int that fits in 64 bits through {@link #cells()}, as a {@link StateStore#putLong} cell.
 */
public class PersistStore {
    /** kind: 1 str, 2 int (decimal text), 3 bytes (latin-1 text). */
    public record Entry(int kind, String value) {}

    private static final int INT = 2;
    private static final String PREFIX = "persist/";

    private final StateStore state;
    private final List<StateStore.LongKey> cellKeys = new CopyOnWriteArrayList<>();
    private final List<Object> cells = new Cells();

    public PersistStore(StateStore state) { this.state = state; }

    public Entry get(String name) {
        byte[] v = state.get(PREFIX + name);
        if (v == null) return null;
        if (StateStore.isLong(v)) return new Entry(INT, Long.toString(StateStore.longOf(v)));
        return new Entry(v[0], new String(v, 1, v.length - 1, StandardCharsets.UTF_8));
    }

    public void put(String name, int kind, String text) {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        byte[] v = new byte[utf8.length + 1];
        v[0] = (byte) kind;
        System.arraycopy(utf8, 0, v, 1, utf8.length);
        state.put(PREFIX + name, v);
    }

    /** The keys stored under a persist name. */
    public List<String> keys(String persistName) {
        String prefix = PREFIX + persistName + "##";
        List<String> out = new ArrayList<>();
        for (String k : state.keys(prefix)) out.add(k.substring(prefix.length()));
        return out;
    }

    /** The index of a new cell for the entry, in {@link #cells()}. */
    public synchronized int cell(String name) {
        cellKeys.add(new StateStore.LongKey(PREFIX + name));
        return cellKeys.size() - 1;
    }

    /**
     * Int entries as a list Python writes with {@code cells[i] = n}: a host list element write is
     * the cheapest call from Python into Java (measured: a method call on a host object cost a
     * fetcher about 10 times more per message).
     */
    public List<Object> cells() { return cells; }

    private final class Cells extends AbstractList<Object> {
        @Override
        public Object set(int index, Object value) {
            if (!(value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte)) {
                throw new IllegalArgumentException("a Persist cell holds 64-bit integers, not " + value);
            }
            state.putLong(cellKeys.get(index), ((Number) value).longValue());
            return null;
        }

        @Override
        public Object get(int index) {
            byte[] v = state.get(cellKeys.get(index).name());
            return v != null && StateStore.isLong(v) ? StateStore.longOf(v) : null;
        }

        @Override
        public int size() { return cellKeys.size(); }
    }
}
