package dev.sluice.pipeline;

import dev.sluice.ack.AckOutcome;
import dev.sluice.driver.Destination;
import dev.sluice.driver.Destination.Result;
import dev.sluice.driver.MessageRejected;
import dev.sluice.message.LogMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * A destination's queue and the one thread that drives it. Messages are acknowledged when the
 * destination delivered (or dropped) them, or, with a disk buffer, once they are on disk. Without
 * flow control the memory queue holds {@code log-fifo-size} messages and drops (and counts) the
 * excess; with flow control the sources' windows bound it.
 *
 * <p>A QUEUED message is acknowledged only by a successful {@code flush()}. Whenever the destination
 * is closed — after an ERROR, NOT_CONNECTED or a failed flush — the messages it had QUEUED are
 * first flushed if it still can, else rewound and sent again after the reopen, so what a
 * destination buffered is never acknowledged unwritten (and {@code close()} may discard it).
 *
 * <p>A destination whose flush is a round trip ({@link Destination#flushesInBackground()}, an HTTP
 * request) has one flush in flight while its lane sends the next batch; the answer is waited for
 * before the next flush, any close, and whenever the lane has nothing else to do, so batches are
 * settled in the order they were sent.
 */
public final class DestinationWorker {
    private static final Logger log = LoggerFactory.getLogger(DestinationWorker.class);

    /**
     * Tunables of the worker, from the destination's options. {@code holdForTimeout}: batch-timeout
     * was set, so a batch waits for it (or for batch-lines) even when the queue runs empty; without
     * it a batch is flushed as soon as nothing more is waiting, as syslog-ng does.
     */
    public record Settings(int fifoSize, int batchLines, Duration batchTimeout, int retries, Duration timeReopen,
                           Duration drainTimeout, boolean holdForTimeout, int throttle) {
        public Settings(int fifoSize, int batchLines, Duration batchTimeout, int retries, Duration timeReopen, Duration drainTimeout) {
            this(fifoSize, batchLines, batchTimeout, retries, timeReopen, drainTimeout, false, 0);
        }
    }

    /** RETRY results in a row after which the message is handled as NOT_CONNECTED (syslog-ng's fixed limit). */
    private static final int RETRY_NOW_LIMIT = 3;

    private final String id;
    private final List<Lane> lanes = new ArrayList<>();
    private final Settings settings;
    /** throttle: shared by the workers, since it limits the destination; null without one. */
    private final Throttle throttle;
    private final DestinationQueue queue;
    private final DriverCounters counters;
    private final HealthState health;
    private volatile boolean stopping;
    private volatile long drainDeadline;
    private volatile long lastErrorLog;

    public DestinationWorker(String id, Destination destination, boolean flowControl, Settings settings) {
        this(id, List.of(destination), settings, MemoryQueue.forDestination(flowControl, settings),
                new DriverCounters());
    }

    /**
     * One worker thread per destination instance ({@code workers: N}), all taking from one queue,
     * such as a disk buffer (which counts into the same counters).
     */
    public DestinationWorker(String id, List<Destination> instances, Settings settings, DestinationQueue queue,
                             DriverCounters counters) {
        this.id = id;
        this.settings = settings;
        this.queue = queue;
        this.counters = counters;
        this.health = new HealthState();
        this.throttle = settings.throttle() > 0 ? new Throttle(settings.throttle()) : null;
        for (Destination d : instances) lanes.add(new Lane(d));
    }

    public String id() { return id; }
    public DriverCounters counters() { return counters; }
    public HealthState health() { return health; }
    /** Why the queue cannot work right now (a disk buffer on a full disk), or null. */
    public String problem() { return queue.problem(); }
    /** Messages waiting; a disk buffer's count already includes those taken out but not yet delivered. */
    public long queued() {
        if (queue.durable()) return queue.size();
        long n = queue.size();
        for (Lane l : lanes) n += l.backlog.size() + l.pending.size() + l.inFlight();
        return n;
    }

    /** The driver instances, one per worker. */
    public List<Destination> instances() { return lanes.stream().map(l -> l.destination).toList(); }

    void enqueue(LogMessage msg) {
        counters.received.increment();
        boolean taken = queue.offer(msg);
        msg.ack().queued();
        if (!taken) {
            counters.drop("queue-full");
            dropBurstLog("queue full (log-fifo-size " + settings.fifoSize() + "), dropping messages");
            msg.ack().ack(AckOutcome.DROPPED);
        }
    }

    void enqueueAll(List<LogMessage> batch) {
        for (LogMessage m : batch) enqueue(m);
    }

    public void start() {
        for (int i = 0; i < lanes.size(); i++) {
            Lane lane = lanes.get(i);
            lane.thread = Thread.ofPlatform().name("dest-" + id + (lanes.size() > 1 ? "-" + i : "")).daemon(true).start(lane::run);
        }
    }

    /** Delivers what is queued (up to the drain timeout), then closes. Sources must be stopped first. */
    public void stop() {
        beginStop();
        awaitStop();
    }

    /** Starts draining without waiting, so that several destinations drain side by side. */
    public void beginStop() {
        if (stopping) return;
        drainDeadline = System.nanoTime() + settings.drainTimeout().toNanos();
        stopping = true;
        health.stopping();
    }

    /** Waits for the drain (bounded by the drain timeout), then closes the queue. */
    public void awaitStop() {
        long joinDeadline = System.nanoTime() + settings.drainTimeout().toNanos() + 5_000_000_000L;
        for (Lane lane : lanes) {
            if (lane.thread == null) continue;
            try {
                lane.thread.join(Math.max(1, (joinDeadline - System.nanoTime()) / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (lane.thread.isAlive()) lane.thread.interrupt();
        }
        dropQueued();
        queue.close();
    }

    /** After the lanes: what is still queued is dropped, unless a disk buffer keeps it for the next start. */
    private void dropQueued() {
        if (queue.durable()) {
            if (queue.size() > 0) log.info("Destination {} stopped; {} messages stay in its disk buffer", id, queue.size());
            return;
        }
        List<LogMessage> rest = new ArrayList<>();
        queue.drainTo(rest, Integer.MAX_VALUE);
        for (LogMessage m : rest) dropped(m);
        if (!rest.isEmpty()) leftovers(rest.size());
    }

    private void leftovers(int n) {
        counters.drop("shutdown", n);
        log.warn("Destination {} stopped with {} undelivered messages (drain timeout {})", id, n, settings.drainTimeout());
    }

    private static void delivered(LogMessage m) {
        m.ack().ack(AckOutcome.DELIVERED);
    }

    private static void dropped(LogMessage m) {
        m.ack().ack(AckOutcome.DROPPED);
    }

    /** One worker thread with its own driver instance, connection state and batch. */
    private final class Lane {
        private final Destination destination;
        private final Deque<LogMessage> backlog = new ArrayDeque<>();
        private final List<LogMessage> pending = new ArrayList<>();
        /** The batch flushing in the background, if any (read for queued() from other threads). */
        private volatile Flight flight;
        private Thread thread;
        private boolean connected;
        private int flushFailures;
        /** Messages sent (SUCCESS or QUEUED) since the last flush(): syslog-ng flushes every batch-lines sends. */
        private int sinceFlush;
        private int retriesNow;
        /** close() calls so far: a failed background flush closes the destination unless settling it did. */
        private int closes;
        /** The message whose send() failed last, and how many times in a row. */
        private LogMessage failing;
        private int failures;

        Lane(Destination destination) {
            this.destination = destination;
            destination.dropCounter((reason, n) -> counters.drop(reason, n));
        }

        private int inFlight() {
            Flight f = flight;
            return f == null ? 0 : f.messages().size();
        }

        /** Something for flush() to do: QUEUED messages, or sends since the last flush for a destination that flushes every round. */
        private boolean unflushed() {
            return !pending.isEmpty() || (sinceFlush > 0 && destination.flushesEveryRound());
        }

        private void run() {
            try {
                loop();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Throwable t) {
                log.error("Destination {} worker failed", id, t);
                health.failed(t.toString());
            } finally {
                dropLeftovers();
                if (connected) safeClose();
                try {
                    destination.deinit();
                } catch (Throwable t) {
                    log.warn("Destination {} deinit failed", id, t);
                }
            }
        }

        private void loop() throws InterruptedException {
            List<LogMessage> batch = new ArrayList<>(settings.batchLines());
            long batchStarted = 0;
            while (true) {
                if (stopping && (System.nanoTime() > drainDeadline || (queue.isEmpty() && backlog.isEmpty()))) break;
                // a batch in flight is settled once answered, or waited for when nothing else is to be done
                Flight f = flight;
                if (f != null && (f.answer().isDone() || (queue.isEmpty() && backlog.isEmpty()))) land();
                if (!connected && !connect()) {
                    sleepReopen();
                    continue;
                }
                // Throttled, a round takes what the throttle lets go now; with nothing, the queue looks
                // empty (as in syslog-ng: the batch ends and is flushed) until the next message may go.
                int round = throttle == null ? settings.batchLines() : throttle.take(settings.batchLines());
                batch.clear();
                if (round > 0) {
                    while (!backlog.isEmpty() && batch.size() < round) batch.add(backlog.pollFirst());
                    if (batch.isEmpty()) {
                        long waitMs = !unflushed() ? 200 : Math.max(1, settings.batchTimeout().toMillis()
                                - (System.nanoTime() - batchStarted) / 1_000_000);
                        LogMessage first = queue.poll(waitMs, TimeUnit.MILLISECONDS);
                        if (first != null) {
                            batch.add(first);
                            queue.drainTo(batch, round - 1);
                        }
                    }
                    if (throttle != null) throttle.giveBack(round - batch.size());
                }
                if (batch.isEmpty()) {
                    if (unflushed() && (!settings.holdForTimeout()
                            || System.nanoTime() - batchStarted >= settings.batchTimeout().toNanos())) flush();
                    if (round == 0) throttle.awaitNext();
                    continue;
                }
                if (sinceFlush == 0) batchStarted = System.nanoTime();
                for (int i = 0; i < batch.size(); i++) {
                    Outcome o = deliver(batch.get(i));
                    if (o == Outcome.DONE) {
                        if ((sinceFlush < settings.batchLines() && !destination.batchFull()) || flush()) continue;
                        i++; // the flush failed and closed the destination: the rest goes after what it rewound
                    }
                    int from = o == Outcome.DROPPED ? i + 1 : i;
                    for (int j = batch.size() - 1; j >= from; j--) backlog.addFirst(batch.get(j));
                    switch (o) {
                        case AGAIN -> flush(true);
                        case DISCONNECTED -> disconnect();
                        case RETRY, DROPPED -> {
                            settlePending();
                            reopenAfterError();
                        }
                        default -> { }
                    }
                    break;
                }
                boolean batchDue = sinceFlush >= settings.batchLines()
                        || (System.nanoTime() - batchStarted) >= settings.batchTimeout().toNanos();
                boolean idle = !settings.holdForTimeout() && queue.isEmpty() && backlog.isEmpty();
                if (unflushed() && connected && (batchDue || idle)) flush();
            }
            // As syslog-ng: one last flush() at shutdown, even with nothing batched.
            if (connected) flush(true);
        }

        /**
         * Sends one message. DONE: delivered, QUEUED or dropped (and counted); RETRY: it failed and
         * goes again after a reopen, up to {@code retries} times; DISCONNECTED: the destination lost
         * its connection. The caller puts the message back in the backlog for the last two.
         */
        private Outcome deliver(LogMessage msg) throws InterruptedException {
            Result r;
            try {
                r = invoke(() -> destination.send(msg), "send()");
            } catch (MessageRejected e) {
                rejected(msg, e);
                return Outcome.DONE;
            }
            switch (r) {
                case SUCCESS -> {
                    sinceFlush++;
                    counters.processed.increment();
                    counters.written.increment();
                    health.ok();
                    delivered(msg);
                }
                case QUEUED -> {
                    sinceFlush++;
                    counters.processed.increment();
                    pending.add(msg);
                }
                case DROP -> {
                    // As syslog-ng: the message is dropped, the destination closed and reopened after time-reopen.
                    counters.processed.increment();
                    counters.drop(destination.dropReason());
                    dropBurstLog("message dropped by the destination (DROP)");
                    dropped(msg);
                    return Outcome.DROPPED;
                }
                case RETRY -> {
                    // As syslog-ng: the round ends with a flush() and the message goes again at once;
                    // the RETRY_NOW_LIMIT-th RETRY since the last (re)open is handled as NOT_CONNECTED.
                    if (++retriesNow >= RETRY_NOW_LIMIT) return Outcome.DISCONNECTED;
                    return Outcome.AGAIN;
                }
                case ERROR -> {
                    if (health.isUp()) health.failed("send() returned ERROR"); // an exception would have said more
                    if (msg != failing) {
                        failing = msg;
                        failures = 0;
                    }
                    if (++failures < settings.retries()) {
                        // As syslog-ng: close, wait time-reopen, open again, send the same message again.
                        counters.retries.increment();
                        return Outcome.RETRY;
                    }
                    failing = null;
                    counters.processed.increment();
                    counters.drop("retries-exhausted");
                    dropBurstLog("message dropped after " + failures + " failed attempts");
                    dropped(msg);
                }
                case NOT_CONNECTED -> {
                    return Outcome.DISCONNECTED;
                }
            }
            return Outcome.DONE;
        }

        /** One message the destination could not take while staying open: dropped, counted under its reason. */
        private void rejected(LogMessage msg, MessageRejected e) {
            counters.processed.increment();
            counters.drop(e.reason());
            if (e.error()) {
                counters.errors.increment();
                health.error(e.getMessage());
            }
            dropBurstLog("message dropped (" + e.reason() + "): " + e.getMessage());
            dropped(msg);
        }

        /** Before the destination is closed: what it QUEUED is flushed if it still can be, else rewound. */
        private void settlePending() throws InterruptedException {
            land();
            if (pending.isEmpty()) return;
            Result r = callFlush();
            switch (r) {
                case SUCCESS, QUEUED -> flushed();
                case DROP -> flushDropped();
                default -> rewindPending();
            }
            sinceFlush = 0;
        }

        /** Flushes the QUEUED batch; on ERROR the batch is rewound and sent again after a reopen, up to {@code retries} times. */
        private boolean flush() throws InterruptedException {
            return flush(false);
        }

        /** {@code always}: call flush() even when nothing was sent since the last one (the last flush at shutdown). */
        private boolean flush(boolean always) throws InterruptedException {
            if (!land()) return false; // flushes are settled in order: the one in flight first
            if (!unflushed() && !always) {
                sinceFlush = 0;
                return true;
            }
            sinceFlush = 0;
            if (!always && !pending.isEmpty() && destination.flushesInBackground()) {
                flight = new Flight(startFlush(), List.copyOf(pending));
                pending.clear();
                return true;
            }
            Result r = callFlush();
            if (pending.isEmpty() && always) return true; // the shutdown flush had nothing to settle
            return settle(r);
        }

        /**
         * Waits for the batch flushing in the background, if any, and settles it as {@link #settle}
         * settles a flush. When that flush failed, what was QUEUED since goes again after it (it was
         * never flushed), and the destination is closed so that it forgets those too; false then.
         */
        private boolean land() throws InterruptedException {
            Flight f = flight;
            if (f == null) return true;
            Result r = await(f);
            flight = null;
            boolean failed = r != Result.SUCCESS && r != Result.QUEUED && r != Result.DROP;
            List<LogMessage> later = new ArrayList<>(pending);
            pending.clear();
            if (failed) {
                rewind(later);
                later.clear();
            }
            pending.addAll(f.messages());
            int closesBefore = closes;
            boolean ok = settle(r);
            pending.addAll(later);
            if (failed && connected && closes == closesBefore) {
                safeClose();
                connected = false;
            }
            return ok;
        }

        /** What the batch in pending comes to after its flush answered {@code r}; false when it failed. */
        private boolean settle(Result r) throws InterruptedException {
            switch (r) {
                case SUCCESS, QUEUED -> flushed();
                case DROP -> flushDropped();
                case NOT_CONNECTED, RETRY -> {
                    disconnect();
                    return false;
                }
                case ERROR -> {
                    if (health.isUp()) health.failed("flush() returned ERROR");
                    if (++flushFailures >= settings.retries()) {
                        flushFailures = 0;
                        counters.drop("retries-exhausted", pending.size());
                        dropBurstLog(pending.size() + " messages dropped after " + settings.retries() + " failed flushes");
                        for (LogMessage m : pending) dropped(m);
                        pending.clear();
                    } else {
                        counters.retries.increment();
                        rewindPending();
                        reopenAfterError();
                    }
                    return false;
                }
            }
            return true;
        }

        /** flushInBackground(); a failure to start it counts as ERROR, as a failed flush() does. */
        private Future<Result> startFlush() {
            try {
                return destination.flushInBackground();
            } catch (Throwable t) {
                return CompletableFuture.failedFuture(t);
            }
        }

        /** The answer of a background flush; an exception counts as ERROR, as in {@link #invoke}. */
        private Result await(Flight f) throws InterruptedException {
            try {
                Result r = f.answer().get();
                return r == null ? Result.ERROR : r;
            } catch (ExecutionException e) {
                Throwable t = e.getCause() == null ? e : e.getCause();
                if (t instanceof MessageRejected) return Result.ERROR;
                counters.errors.increment();
                health.failed(t.toString());
                errorLog("flush() failed", t);
                return Result.ERROR;
            }
        }

        /** flush(); a destination may not reject single messages there, so a rejection counts as ERROR. */
        private Result callFlush() throws InterruptedException {
            try {
                return invoke(destination::flush, "flush()");
            } catch (MessageRejected e) {
                return Result.ERROR;
            }
        }

        private void flushed() {
            flushFailures = 0;
            counters.written.add(pending.size());
            health.ok();
            for (LogMessage m : pending) delivered(m);
            pending.clear();
        }

        private void flushDropped() {
            flushFailures = 0;
            counters.drop(destination.dropReason(), pending.size());
            for (LogMessage m : pending) dropped(m);
            pending.clear();
        }

        /** Calls send() or flush(); an exception or a null result counts as ERROR and is logged once per burst. */
        private Result invoke(Callable<Result> call, String what) throws InterruptedException, MessageRejected {
            long t0 = System.nanoTime();
            try {
                Result r = call.call();
                return r == null ? Result.ERROR : r;
            } catch (InterruptedException | MessageRejected e) {
                throw e;
            } catch (Throwable t) {
                counters.errors.increment();
                health.failed(t.toString());
                errorLog(what + " failed", t);
                return Result.ERROR;
            } finally {
                counters.busyNanos.add(System.nanoTime() - t0);
            }
        }

        private void rewindPending() {
            rewind(pending);
            pending.clear();
        }

        /** Puts messages sent but not delivered back at the front of the backlog, in their order. */
        private void rewind(List<LogMessage> messages) {
            for (int i = messages.size() - 1; i >= 0; i--) backlog.addFirst(messages.get(i));
            counters.processed.add(-messages.size());
        }

        private boolean connect() {
            retriesNow = 0;
            try {
                connected = destination.open();
            } catch (Throwable t) {
                connected = false;
                counters.errors.increment();
                health.failed(t.toString());
                errorLog("open() failed", t);
            }
            if (!connected && health.isUp()) {
                String why = destination.disconnectReason();
                health.failed(why == null ? "not connected" : "not connected: " + why);
            }
            return connected;
        }

        private void reopenAfterError() throws InterruptedException {
            safeClose();
            connected = false;
            sleepReopen();
            connect();
        }

        /**
         * The connection is lost: rewinds what was QUEUED (it goes again, counted a retry, never
         * dropped), closes, and as syslog-ng reopens after time-reopen; health says why when the destination can.
         */
        private void disconnect() throws InterruptedException {
            if (!land()) return; // its failure closed the destination and rewound what it held
            counters.retries.increment();
            rewindPending();
            safeClose();
            connected = false;
            String why = destination.disconnectReason();
            health.failed(why == null ? "disconnected" : "disconnected: " + why);
            sleepReopen();
        }

        private void safeClose() {
            closes++;
            sinceFlush = 0; // a close ends the batch: what it held was flushed or rewound
            try {
                destination.close();
            } catch (Throwable t) {
                log.warn("Destination {} close() failed", id, t);
            }
        }

        /** What this lane holds at shutdown: dropped, or left in the disk buffer for the next start. */
        private void dropLeftovers() {
            Flight f = flight;
            flight = null;
            if (!queue.durable()) {
                List<LogMessage> unanswered = f == null ? List.of() : f.messages();
                int n = unanswered.size() + pending.size() + backlog.size();
                for (LogMessage m : unanswered) dropped(m);
                for (LogMessage m : pending) dropped(m);
                for (LogMessage m : backlog) dropped(m);
                if (n > 0) leftovers(n);
            }
            pending.clear();
            backlog.clear();
        }
    }

    /**
     * What became of one send(): DONE (delivered, QUEUED or dropped on the spot); RETRY (failed, again
     * after a reopen); AGAIN (send it again now); DISCONNECTED (reopen after time-reopen, then again);
     * DROPPED (the destination dropped it and is closed and reopened).
     */
    private enum Outcome { DONE, RETRY, AGAIN, DISCONNECTED, DROPPED }

    /** A batch whose flush runs in the background, and the answer it will get. */
    private record Flight(Future<Result> answer, List<LogMessage> messages) {}

    private void sleepReopen() throws InterruptedException {
        long ms = settings.timeReopen().toMillis();
        if (stopping) ms = Math.min(ms, Math.max(0, (drainDeadline - System.nanoTime()) / 1_000_000));
        if (ms > 0) Thread.sleep(ms);
    }

    private void errorLog(String what, Throwable t) {
        long now = System.nanoTime();
        if (now - lastErrorLog > 10_000_000_000L) {
            lastErrorLog = now;
            log.error("Destination {}: {}", id, what, t);
        }
    }

    private volatile long lastDropLog;

    private void dropBurstLog(String what) {
        long now = System.nanoTime();
        if (now - lastDropLog > 10_000_000_000L) {
            lastDropLog = now;
            log.warn("Destination {}: {} (counted in dropped; logged once per 10 s)", id, what);
        }
    }
}
