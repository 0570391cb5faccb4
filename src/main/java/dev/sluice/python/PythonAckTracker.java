package dev.sluice.python;

import dev.sluice.ack.AckOutcome;
import dev.sluice.ack.AckReceiver;
import dev.sluice.pipeline.Window;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Value;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The acknowledgements of a Python source: returns window slots, and feeds the source's ack
 * tracker (Instant, Consecutive or Batched, as syslog-ng defines them) with the bookmarks.
 * Messages are tagged with their post order so Consecutive can hold back out-of-order acks.
 *
 * <p>The callbacks run in the source's interpreter, but acks arrive on destination threads: calling
 * in from there would make the fetcher and every destination take turns on that interpreter's lock
 * per message. So reports are queued, in order, and the source's own thread delivers them in a batch
 * before each fetch() or post_message(); when the source is idle (waiting for data or blocked in
 * I/O), a shared delivery thread hands them over within a few milliseconds.
 */
final class PythonAckTracker implements AckReceiver {
    private static final Logger log = LoggerFactory.getLogger(PythonAckTracker.class);

    /** A posted message's bookmark and its position in the source's stream. */
    record Tracked(long seq, Value bookmark) {}

    private final Window window;
    private final String kind;
    private final Value callback;
    private final int batchSize;
    private final String driverId;
    private long nextSeq;
    private long nextExpected;
    private final TreeMap<Long, Tracked> outOfOrder = new TreeMap<>();
    /** Held while a consecutive report is computed and made (not while messages are tracked). */
    private final Object reporting = new Object();
    private final List<Value> batch = new ArrayList<>();
    /** Reports made but not yet handed to the callback, in the order they were made. */
    private final ConcurrentLinkedQueue<Object> pending = new ConcurrentLinkedQueue<>();
    /**
     * Held while reports are handed over, so they reach the callback in order, one at a time. Only
     * tried, never waited for, on a source's thread: that thread may hold its interpreter's lock
     * (post_message()), which the holder of this one may be waiting for.
     */
    private final ReentrantLock delivering = new ReentrantLock();
    /** When the source's thread last looked: the delivery thread steps in only when it has not lately. */
    private volatile long ownerLooked;
    private volatile boolean closed;
    private final List<ScheduledFuture<?>> tasks = new ArrayList<>();

    /** Hands over the reports of idle sources and runs Batched timeouts; one for all Python sources. */
    private static final ScheduledExecutorService TIMER =
            Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon(true).name("python-acks").factory());
    /** How long reports may wait for the source's own thread before the delivery thread hands them over. */
    private static final long IDLE_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

    /** spec is the (kind, callback, timeout, batch_size) tuple of _sluice.ack_tracker, or null. */
    PythonAckTracker(Window window, Value spec, String driverId) {
        this.window = window;
        this.driverId = driverId;
        if (spec == null || spec.isNull()) {
            kind = null;
            callback = null;
            batchSize = 0;
            return;
        }
        kind = spec.getArrayElement(0).asString();
        callback = spec.getArrayElement(1);
        int timeout = spec.getArrayElement(2).asInt();
        batchSize = Math.max(1, spec.getArrayElement(3).asInt());
        if (kind.equals("batched") && timeout > 0) {
            tasks.add(TIMER.scheduleAtFixedRate(() -> flushBatch(false), timeout, timeout, TimeUnit.MILLISECONDS));
        }
        tasks.add(TIMER.scheduleWithFixedDelay(this::deliverIfIdle, 5, 5, TimeUnit.MILLISECONDS));
    }

    boolean active() { return kind != null; }

    /** Tags a bookmark with its stream position; null when the message carries none. */
    synchronized Tracked track(Value bookmark) {
        if (bookmark == null || kind == null) return null;
        return new Tracked(nextSeq++, bookmark);
    }

    @Override
    public void released() {
        window.release(1);
    }

    @Override
    public void acknowledged(Object bookmark, AckOutcome outcome) {
        if (kind == null || !(bookmark instanceof Tracked t)) return;
        switch (kind) {
            case "instant" -> { if (outcome == AckOutcome.DELIVERED) invoke(t.bookmark()); }
            case "consecutive" -> consecutive(t, outcome);
            default -> batched(t, outcome);
        }
    }

    /**
     * Reports the last bookmark of each contiguous acked range; a dropped message does not block the
     * stream. Acks come from several threads (each destination, each log path): the reports are
     * made one at a time, so that the callback sees them in stream order.
     */
    private void consecutive(Tracked t, AckOutcome outcome) {
        synchronized (reporting) {
            Value report = null;
            synchronized (this) {
                outOfOrder.put(t.seq(), outcome == AckOutcome.DELIVERED ? t : new Tracked(t.seq(), null));
                while (!outOfOrder.isEmpty() && outOfOrder.firstKey() == nextExpected) {
                    Tracked head = outOfOrder.pollFirstEntry().getValue();
                    if (head.bookmark() != null) report = head.bookmark();
                    nextExpected++;
                }
            }
            if (report != null) invoke(report);
        }
    }

    private void batched(Tracked t, AckOutcome outcome) {
        if (outcome != AckOutcome.DELIVERED) return;
        boolean full;
        synchronized (this) {
            batch.add(t.bookmark());
            full = batch.size() >= batchSize;
        }
        if (full) flushBatch(false);
    }

    private void flushBatch(boolean evenIfEmpty) {
        List<Value> list;
        synchronized (this) {
            if (batch.isEmpty() && !evenIfEmpty) return;
            list = new ArrayList<>(batch);
            batch.clear();
        }
        Collections.reverse(list); // syslog-ng hands them over newest first
        invoke(list);
    }

    /**
     * At teardown Batched reports what is left, possibly an empty list, as syslog-ng does; what is
     * queued is handed over now, and later acks (a destination still draining) are delivered at once.
     */
    void close() {
        for (ScheduledFuture<?> t : tasks) t.cancel(false);
        if ("batched".equals(kind)) flushBatch(true);
        closed = true;
        deliverNow();
    }

    /** Called by the source's own thread between its calls into Python: hands over the queued reports. */
    void deliverPending() {
        if (kind == null) return;
        ownerLooked = System.nanoTime();
        if (!pending.isEmpty()) tryDeliver();
    }

    private void deliverIfIdle() {
        if (!pending.isEmpty() && System.nanoTime() - ownerLooked > IDLE_NANOS) tryDeliver();
    }

    /** Hands over what is queued unless another thread is doing so (it then hands over these too, or the next round does). */
    private void tryDeliver() {
        if (!delivering.tryLock()) return;
        try {
            deliverQueued();
        } finally {
            delivering.unlock();
        }
    }

    private void deliverQueued() {
        for (Object arg; (arg = pending.poll()) != null; ) {
            try {
                callback.execute(arg);
            } catch (PolyglotException e) {
                log.error("Python exception; driver='{}', method='ack callback': {}", driverId, PythonHost.describe(e));
            } catch (RuntimeException e) { // the interpreter closed under a late ack at shutdown
                log.debug("ack callback of {} not delivered: {}", driverId, e.toString());
            }
        }
    }

    private void invoke(Object arg) {
        pending.add(arg);
        if (closed) deliverNow(); // after teardown no source thread or timer delivers: whoever acks does
    }

    private void deliverNow() {
        delivering.lock();
        try {
            deliverQueued();
        } finally {
            delivering.unlock();
        }
    }
}
