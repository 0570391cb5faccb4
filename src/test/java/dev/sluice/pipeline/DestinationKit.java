package dev.sluice.pipeline;

import dev.sluice.ack.AckHandle;
import dev.sluice.ack.AckOutcome;
import dev.sluice.ack.AckReceiver;
import dev.sluice.driver.Destination;
import dev.sluice.message.LogMessage;
import dev.sluice.state.DiskBuffer;
import dev.sluice.state.StateStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What every destination must do, stated once (in the spirit of Micrometer's
 * {@code MeterRegistryCompatibilityKit}): a driver's test extends this kit, says how to build one
 * instance, how to read back what it delivered and, where it can, how to break and repair it; the
 * kit then drives it through a real {@link DestinationWorker} with numbered messages and counts.
 *
 * <ul>
 *   <li>{@link Lifecycle}: every message delivered and acknowledged exactly once; a drain at shutdown.</li>
 *   <li>{@link Outage}: a broken destination loses nothing acknowledged, shows in errors/retries and
 *       health while broken, and is UP again after the repair.</li>
 *   <li>{@link DiskBuffered}: the same behind a reliable disk buffer, across a restart of the worker.</li>
 * </ul>
 * Messages carry {@code n=NNNNNNNN} (fixed width, so a torn partial line never reads as another number).
 */
public abstract class DestinationKit {
    private static final Pattern NUMBER = Pattern.compile("n=(\\d{8})");

    @TempDir
    protected Path dir;
    private final List<DestinationWorker> workers = new ArrayList<>();
    private StateStore state;

    /** A new instance of the destination under test, delivering to where {@link #delivered()} reads. */
    protected abstract Destination newDestination() throws Exception;

    /** Everything the destination's peer (file, server, …) has received so far, as text. */
    protected abstract String delivered() throws Exception;

    /**
     * Makes the destination fail until {@link #repair()}; false if this driver cannot be broken here.
     * Called with the destination idle and everything acknowledged so far already at its peer.
     */
    protected boolean breakDestination() throws Exception { return false; }

    protected void repair() throws Exception {}

    /** Text the health's last error must contain while broken (the cause, not only "disconnected"); null: any. */
    protected String outageShowsAs() { return null; }

    /** Many, so that an outage shown as ERRORs is waited out, not dropped. */
    protected int retries() { return 1_000_000; }

    /** time-reopen short to keep the test quick. */
    protected DestinationWorker.Settings settings() {
        return new DestinationWorker.Settings(100_000, 100, Duration.ofMillis(50), retries(), Duration.ofMillis(100),
                Duration.ofSeconds(5));
    }

    @AfterEach
    void stopWorkers() throws Exception {
        for (DestinationWorker w : workers) w.stop();
        workers.clear();
        if (state != null) state.close();
        state = null;
    }

    /** The acknowledgements each numbered message got: each must get exactly one. */
    public static final class Acks implements AckReceiver {
        final AtomicIntegerArray delivered;
        final AtomicIntegerArray dropped;

        public Acks(int n) {
            delivered = new AtomicIntegerArray(n);
            dropped = new AtomicIntegerArray(n);
        }

        @Override public void released() {}

        @Override
        public void acknowledged(Object bookmark, AckOutcome outcome) {
            int i = (Integer) bookmark;
            (outcome == AckOutcome.DELIVERED ? delivered : dropped).incrementAndGet(i);
        }

        int count(AtomicIntegerArray a) {
            int n = 0;
            for (int i = 0; i < a.length(); i++) n += a.get(i);
            return n;
        }

        int acked() { return count(delivered) + count(dropped); }

        void assertEachExactlyOnce() {
            for (int i = 0; i < delivered.length(); i++) {
                assertThat(delivered.get(i) + dropped.get(i)).as("acknowledgements of message %d", i).isEqualTo(1);
            }
        }
    }

    public static LogMessage numbered(int i, Acks acks) {
        LogMessage m = new LogMessage();
        m.setHost("kit-host");
        m.setProgram("kit");
        m.setMessage("n=%08d".formatted(i));
        m.setAck(new AckHandle(acks, i, 1, true));
        return m;
    }

    /** How often each number appears in what was delivered. */
    protected Map<Integer, Integer> deliveredNumbers() throws Exception {
        Map<Integer, Integer> seen = new TreeMap<>();
        Matcher m = NUMBER.matcher(delivered());
        while (m.find()) seen.merge(Integer.parseInt(m.group(1)), 1, Integer::sum);
        return seen;
    }

    protected DestinationWorker memoryWorker() throws Exception {
        DestinationWorker w = new DestinationWorker("kit.dest", List.of(newDestination()), settings(),
                new MemoryQueue(Integer.MAX_VALUE), new DriverCounters());
        return started(w);
    }

    protected DestinationWorker diskWorker() throws Exception {
        if (state == null) state = StateStore.open(dir.resolve("state"), StateStore.Settings.DEFAULT);
        DriverCounters counters = new DriverCounters();
        DiskBuffer buffer = DiskBuffer.open("kit.dest", new DiskBuffer.Settings(dir.resolve("buffer"), 256L << 20, 1L << 20, true),
                true, 10_000, state, counters);
        return started(new DestinationWorker("kit.dest", List.of(newDestination()), settings(), buffer, counters));
    }

    private DestinationWorker started(DestinationWorker w) throws Exception {
        for (Destination d : w.instances()) d.init();
        w.start();
        workers.add(w);
        return w;
    }

    private static void send(DestinationWorker w, Acks acks, int from, int to) {
        for (int i = from; i < to; i++) w.enqueue(numbered(i, acks));
    }

    /** 0 missing of what was acknowledged as delivered; duplicates are allowed (at least once) but counted. */
    private void assertNoneMissing(Acks acks, int n) throws Exception {
        Map<Integer, Integer> seen = deliveredNumbers();
        List<Integer> missing = new ArrayList<>();
        for (int i = 0; i < n; i++) if (acks.delivered.get(i) > 0 && !seen.containsKey(i)) missing.add(i);
        long duplicates = seen.values().stream().filter(c -> c > 1).count();
        assertThat(missing).as("acknowledged as delivered but missing (%d duplicates)", duplicates).isEmpty();
    }

    @Nested
    class Lifecycle {
        @Test
        void every_message_is_delivered_and_acknowledged_exactly_once() throws Exception {
            int n = 3000;
            Acks acks = new Acks(n);
            DestinationWorker w = memoryWorker();
            send(w, acks, 0, n);
            await().atMost(Duration.ofSeconds(30)).until(() -> acks.acked() == n);
            acks.assertEachExactlyOnce();
            assertThat(acks.count(acks.delivered)).isEqualTo(n);
            await().atMost(Duration.ofSeconds(10)).until(() -> deliveredNumbers().size() == n);
            assertThat(deliveredNumbers().values()).allMatch(c -> c == 1);
            assertThat(w.counters().written.sum()).isEqualTo(n);
            assertThat(w.counters().droppedTotal()).isZero();
            assertThat(w.health().isUp()).isTrue();
        }

        @Test
        void stop_drains_what_is_queued() throws Exception {
            int n = 2000;
            Acks acks = new Acks(n);
            DestinationWorker w = memoryWorker();
            send(w, acks, 0, n);
            w.stop();
            acks.assertEachExactlyOnce();
            assertThat(acks.count(acks.delivered)).isEqualTo(n);
            // the peer (a receiver thread, a datagram on its way) may still be taking in the last ones
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertNoneMissing(acks, n));
        }
    }

    @Nested
    class Outage {
        @Test
        void a_broken_destination_loses_nothing_acknowledged_and_shows_it() throws Exception {
            int n = 1500;
            Acks acks = new Acks(n);
            DestinationWorker w = memoryWorker();
            send(w, acks, 0, 500);
            await().atMost(Duration.ofSeconds(30)).until(() -> acks.acked() == 500);
            await().atMost(Duration.ofSeconds(10)).until(() -> deliveredNumbers().size() == 500); // the peer has it all
            Assumptions.assumeTrue(breakDestination(), "this driver cannot be broken on this machine");
            try {
                send(w, acks, 500, n);
                await().atMost(Duration.ofSeconds(30)).until(() -> !w.health().isUp()
                        && w.counters().errors.sum() + w.counters().retries.sum() > 0);
                assertThat(w.health().lastError()).isNotBlank();
                if (outageShowsAs() != null) assertThat(w.health().lastError()).contains(outageShowsAs());
            } finally {
                repair();
            }
            await().atMost(Duration.ofSeconds(60)).until(() -> acks.acked() == n);
            acks.assertEachExactlyOnce();
            assertThat(acks.count(acks.dropped)).as("dropped").isZero();
            await().atMost(Duration.ofSeconds(10)).until(() -> deliveredNumbers().size() == n);
            assertNoneMissing(acks, n);
            await().atMost(Duration.ofSeconds(10)).until(() -> w.health().isUp());
        }
    }

    @Nested
    class DiskBuffered {
        @Test
        void what_was_buffered_is_delivered_after_a_restart_of_the_worker() throws Exception {
            int n = 2000;
            Acks acks = new Acks(n);
            boolean broken = breakDestination();
            DestinationWorker first = diskWorker();
            send(first, acks, 0, n);
            await().atMost(Duration.ofSeconds(30)).until(() -> acks.acked() == n); // on disk = acknowledged
            acks.assertEachExactlyOnce();
            workers.remove(first);
            first.stop();
            if (broken) repair();
            DestinationWorker second = diskWorker();
            await().atMost(Duration.ofSeconds(60)).until(() -> deliveredNumbers().size() == n && second.queued() == 0);
            assertNoneMissing(acks, n);
        }
    }
}
