package dev.sluice.pipeline;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** A driver's counters: what came in, what went out, what was dropped and why. */
public final class DriverCounters {
    public final LongAdder received = new LongAdder();
    public final LongAdder processed = new LongAdder();
    public final LongAdder written = new LongAdder();
    public final LongAdder retries = new LongAdder();
    public final LongAdder errors = new LongAdder();
    /** Of a filter: messages it passed, and those it rejected. */
    public final LongAdder matched = new LongAdder();
    public final LongAdder filtered = new LongAdder();
    /** Nanoseconds spent inside the driver's own calls (send, flush, parse): for a Python driver, time in Python. */
    public final LongAdder busyNanos = new LongAdder();
    private final Map<String, LongAdder> dropped = new ConcurrentHashMap<>();

    public void drop(String reason) { drop(reason, 1); }

    public void drop(String reason, long n) {
        dropped.computeIfAbsent(reason, r -> new LongAdder()).add(n);
    }

    public long dropped(String reason) {
        LongAdder a = dropped.get(reason);
        return a == null ? 0 : a.sum();
    }

    public long droppedTotal() {
        return dropped.values().stream().mapToLong(LongAdder::sum).sum();
    }

    public Map<String, Long> droppedByReason() {
        Map<String, Long> out = new TreeMap<>();
        dropped.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    @Override
    public String toString() {
        return "received=" + received.sum() + " processed=" + processed.sum() + " written=" + written.sum()
                + " errors=" + errors.sum() + " dropped=" + droppedByReason();
    }
}
