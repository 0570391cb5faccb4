package dev.sluice.pipeline;

import dev.sluice.driver.Destination;
import dev.sluice.driver.MessageRejected;
import dev.sluice.message.LogMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The worker against each result code and ack order syslog-ng defines (SUCCESS, QUEUED + flush,
 * ERROR in the middle of a QUEUED batch, DROP, NOT_CONNECTED, an exception, a rejected message):
 * every message acknowledged exactly once, and a message acknowledged as delivered only once the
 * destination really wrote it.
 */
class DestinationResultsTest {
    private final List<DestinationWorker> workers = new ArrayList<>();

    @AfterEach
    void stop() {
        workers.forEach(DestinationWorker::stop);
    }

    /**
     * A destination that buffers on QUEUED and "writes" on flush, as file and network drivers do;
     * close() discards the buffer, as they do. What it wrote is what counts as delivered.
     */
    private static class Buffering implements Destination {
        final List<String> written = Collections.synchronizedList(new ArrayList<>());
        final List<String> buffer = new ArrayList<>();
        final Function<String, Result> script;
        int closes;

        Buffering(Function<String, Result> script) { this.script = script; }

        @Override
        public Result send(LogMessage m) throws Exception {
            Result r = script.apply(m.message());
            if (r == null) throw new IllegalStateException("send() broke on " + m.message());
            if (r == Result.QUEUED) buffer.add(m.message());
            if (r == Result.SUCCESS) written.add(m.message());
            return r;
        }

        @Override
        public Result flush() {
            written.addAll(buffer);
            buffer.clear();
            return Result.SUCCESS;
        }

        @Override
        public void close() {
            closes++;
            buffer.clear();
        }
    }

    private DestinationWorker worker(Destination d, int retries) {
        var settings = new DestinationWorker.Settings(10_000, 50, Duration.ofMillis(20), retries, Duration.ofMillis(10), Duration.ofSeconds(5));
        DestinationWorker w = new DestinationWorker("t.d", List.of(d), settings, new MemoryQueue(Integer.MAX_VALUE), new DriverCounters());
        w.start();
        workers.add(w);
        return w;
    }

    private static int number(String text) { return Integer.parseInt(text.substring(2)); }

    private static void send(DestinationWorker w, DestinationKit.Acks acks, int n) {
        for (int i = 0; i < n; i++) w.enqueue(DestinationKit.numbered(i, acks));
    }

    /** Sends n numbered messages, waits until each is acknowledged, and checks the acknowledgements are honest. */
    private static DestinationKit.Acks deliverAll(DestinationWorker w, Buffering d, int n) {
        DestinationKit.Acks acks = new DestinationKit.Acks(n);
        send(w, acks, n);
        await().atMost(Duration.ofSeconds(20)).until(() -> acks.acked() == n);
        assertHonest(acks, d);
        return acks;
    }

    /** Each message acked once, and every one acked as delivered was written. */
    private static void assertHonest(DestinationKit.Acks acks, Buffering d) {
        acks.assertEachExactlyOnce();
        for (int i = 0; i < acks.delivered.length(); i++) {
            if (acks.delivered.get(i) == 1) assertThat(d.written).as("message %d was acknowledged as delivered", i).contains("n=%08d".formatted(i));
        }
    }

    /** Nothing dropped: all n written once, and counted so. */
    private static void assertAllWrittenOnce(DestinationKit.Acks acks, Buffering d, DestinationWorker w, int n) {
        assertThat(acks.count(acks.dropped)).isZero();
        assertThat(d.written).hasSize(n).doesNotHaveDuplicates();
        assertThat(w.counters().written.sum()).isEqualTo(n);
    }

    @Test
    void an_error_in_the_middle_of_a_queued_batch_never_acknowledges_what_close_discarded() {
        // every 7th message fails twice, then goes through: the QUEUED ones before it are in the buffer at that moment
        java.util.Map<String, Integer> failures = new java.util.HashMap<>();
        Buffering d = new Buffering(m -> number(m) % 7 == 3 && failures.merge(m, 1, Integer::sum) <= 2
                ? Destination.Result.ERROR : Destination.Result.QUEUED);
        DestinationWorker w = worker(d, 5);
        int n = 700;
        DestinationKit.Acks acks = deliverAll(w, d, n);
        assertAllWrittenOnce(acks, d, w, n);
        assertThat(w.counters().retries.sum()).isEqualTo(2 * 100);
    }

    @Test
    void retries_exhausted_drop_only_that_message_and_count_it() {
        Buffering d = new Buffering(m -> number(m) == 10 ? Destination.Result.ERROR : Destination.Result.QUEUED);
        DestinationWorker w = worker(d, 3);
        int n = 50;
        DestinationKit.Acks acks = deliverAll(w, d, n);
        assertThat(acks.dropped.get(10)).isEqualTo(1);
        assertThat(acks.count(acks.dropped)).isEqualTo(1);
        assertThat(w.counters().dropped("retries-exhausted")).isEqualTo(1);
        assertThat(d.written).hasSize(n - 1);
    }

    @Test
    void drop_not_connected_and_exceptions_each_end_as_counted() {
        java.util.Set<String> once = java.util.concurrent.ConcurrentHashMap.newKeySet();
        Buffering d = new Buffering(m -> switch (number(m) % 5) {
            case 0 -> Destination.Result.SUCCESS;
            case 1 -> Destination.Result.DROP;
            case 2 -> once.add(m) ? Destination.Result.NOT_CONNECTED : Destination.Result.QUEUED;
            case 3 -> once.add(m) ? null : Destination.Result.QUEUED; // null: the script throws
            default -> Destination.Result.QUEUED;
        });
        DestinationWorker w = worker(d, 3);
        int n = 100;
        DestinationKit.Acks acks = deliverAll(w, d, n);
        assertThat(w.counters().dropped("destination")).isEqualTo(20);
        assertThat(acks.count(acks.dropped)).isEqualTo(20);
        assertThat(w.counters().errors.sum()).as("exceptions counted").isEqualTo(20);
        assertThat(w.health().lastError()).contains("send() broke");
        assertThat(d.written).hasSize(80).doesNotHaveDuplicates();
    }

    @Test
    void a_rejected_message_fails_alone_without_closing_the_destination() {
        Buffering d = new Buffering(m -> Destination.Result.QUEUED) {
            @Override
            public Result send(LogMessage m) throws Exception {
                if (number(m.message()) % 10 == 0) throw new MessageRejected("open-failed", "cannot open " + m.message(), true);
                return super.send(m);
            }
        };
        DestinationWorker w = worker(d, 3);
        int n = 100;
        DestinationKit.Acks acks = deliverAll(w, d, n);
        assertThat(w.counters().dropped("open-failed")).isEqualTo(10);
        assertThat(w.counters().errors.sum()).isEqualTo(10);
        assertThat(w.counters().written.sum()).isEqualTo(90);
        assertThat(d.closes).isZero();
        assertThat(w.health().lastError()).startsWith("cannot open");
        assertThat(w.health().lastErrorAt()).isNotNull();
    }

    /**
     * A destination whose flush is a round trip answered later, on another thread (as an HTTP
     * request is): the answer waits until the worker has sent a message of the next batch (or, when
     * nothing more comes, 50 ms). {@code answers} scripts the answer of the k-th flush (1-based); null throws.
     */
    private static class BackgroundFlushing extends Buffering {
        final Function<Integer, Result> answers;
        final java.util.concurrent.ExecutorService peer = java.util.concurrent.Executors.newSingleThreadExecutor();
        final java.util.concurrent.atomic.AtomicInteger flushes = new java.util.concurrent.atomic.AtomicInteger();
        volatile boolean inFlight;
        /** Opened by the first send() while a flush is in flight: the flush may answer then. */
        volatile java.util.concurrent.CountDownLatch nextBatchStarted = new java.util.concurrent.CountDownLatch(1);
        int sentWhileInFlight;

        BackgroundFlushing(Function<Integer, Result> answers) {
            super(m -> Result.QUEUED);
            this.answers = answers;
        }

        @Override
        public Result send(LogMessage m) throws Exception {
            if (inFlight) {
                sentWhileInFlight++;
                nextBatchStarted.countDown();
            }
            return super.send(m);
        }

        @Override public boolean flushesInBackground() { return true; }

        @Override
        public java.util.concurrent.Future<Result> flushInBackground() {
            List<String> batch = new ArrayList<>(buffer);
            buffer.clear();
            int k = flushes.incrementAndGet();
            java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(1);
            nextBatchStarted = started;
            inFlight = true;
            return peer.submit(() -> {
                try {
                    started.await(50, java.util.concurrent.TimeUnit.MILLISECONDS); // the round trip: over by the next batch, or when idle
                    Result r = answers.apply(k);
                    if (r == null) throw new IllegalStateException("flush " + k + " broke");
                    if (r == Result.SUCCESS) written.addAll(batch);
                    return r;
                } finally {
                    inFlight = false;
                }
            });
        }

        @Override public void deinit() { peer.shutdownNow(); }
    }

    @Test
    void background_flushes_failing_between_others_lose_nothing_and_ack_only_what_was_written() {
        // every third flush fails, in turn as ERROR, NOT_CONNECTED and an exception, while the next batch is being QUEUED
        BackgroundFlushing d = new BackgroundFlushing(k -> switch (k % 9) {
            case 2 -> Destination.Result.ERROR;
            case 5 -> Destination.Result.NOT_CONNECTED;
            case 8 -> null;
            default -> Destination.Result.SUCCESS;
        });
        DestinationWorker w = worker(d, 1_000);
        int n = 5_000;
        DestinationKit.Acks acks = deliverAll(w, d, n);
        assertAllWrittenOnce(acks, d, w, n);
        assertThat(d.flushes.get()).isGreaterThan(n / 50);
        assertThat(w.counters().retries.sum()).as("each failed flush counts a retry").isEqualTo(d.flushes.get() / 3);
        assertThat(w.counters().errors.sum()).as("the exceptions").isEqualTo((d.flushes.get() + 1) / 9);
        assertThat(d.sentWhileInFlight).as("batches sent while the previous flush was on its way").isPositive();
        assertThat(w.queued()).isZero();
    }

    @Test
    void a_background_flush_failing_past_retries_drops_only_its_own_batch() {
        // flushes 3, 4 and 5 fail: the third attempt drops that batch; what was QUEUED behind it goes on
        BackgroundFlushing d = new BackgroundFlushing(k -> k >= 3 && k <= 5 ? Destination.Result.ERROR : Destination.Result.SUCCESS);
        DestinationWorker w = worker(d, 3);
        int n = 1_000;
        DestinationKit.Acks acks = deliverAll(w, d, n);
        int dropped = acks.count(acks.dropped);
        assertThat(dropped).isPositive().isLessThanOrEqualTo(50);
        assertThat(w.counters().dropped("retries-exhausted")).isEqualTo(dropped);
        assertThat(d.written).hasSize(n - dropped).doesNotHaveDuplicates();
    }
}
