package dev.sluice.pipeline;

import dev.sluice.driver.Destination;
import dev.sluice.driver.Source;
import dev.sluice.message.LogMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What every source must do, stated once: a driver's test says how to build the source for
 * {@code count} numbered messages ({@code n=NNNNNNNN}) and how to make it receive them; the kit runs
 * it in a real pipeline with flow control and counts what arrives.
 *
 * <ul>
 *   <li>{@link Lifecycle}: every message arrives exactly once and is counted; stop ends readiness.</li>
 *   <li>{@link FlowControl}: a destination that does not deliver holds the source back (no more than
 *       its window in flight) and loses nothing once it delivers again — for sources that can push back.</li>
 *   <li>{@link Reload}: a changed source that can take over its predecessor loses nothing sent across the switch.</li>
 * </ul>
 */
public abstract class SourceKit {
    private static final Pattern NUMBER = Pattern.compile("n=(\\d{8})");
    private final List<Pipeline> pipelines = new ArrayList<>();

    /** A new source that will receive (or produce) {@code count} numbered messages, with a window of {@code window}. */
    protected abstract Source newSource(int count, int window) throws Exception;

    /** Makes the running source receive messages {@code from}..{@code to}-1 (nothing for a source that produces its own). */
    protected abstract void produce(int from, int to) throws Exception;

    /** Whether a full window holds the sender back (TCP, fetchers) rather than dropping (UDP). */
    protected boolean pushesBack() { return true; }

    @AfterEach
    void stopPipelines() {
        pipelines.forEach(Pipeline::stop);
        pipelines.clear();
    }

    /** Collects what reaches the destination; while {@code hold} is set, its flush waits. */
    protected static final class Collector implements Destination {
        final Map<Integer, AtomicInteger> seen = new ConcurrentHashMap<>();
        final List<Integer> batch = new ArrayList<>();
        volatile CountDownLatch hold = new CountDownLatch(0);

        @Override
        public Result send(LogMessage m) {
            Matcher x = NUMBER.matcher(m.message());
            if (x.find()) batch.add(Integer.parseInt(x.group(1)));
            return Result.QUEUED;
        }

        @Override
        public Result flush() throws InterruptedException {
            hold.await();
            for (int n : batch) seen.computeIfAbsent(n, k -> new AtomicInteger()).incrementAndGet();
            batch.clear();
            return Result.SUCCESS;
        }

        @Override
        public void close() { batch.clear(); }

        void assertEachOnce(int count) {
            List<Integer> missing = new ArrayList<>();
            for (int i = 0; i < count; i++) if (!seen.containsKey(i)) missing.add(i);
            long duplicates = seen.values().stream().filter(c -> c.get() > 1).count();
            assertThat(missing).as("missing (%d duplicated)", duplicates).isEmpty();
            assertThat(duplicates).as("duplicated").isZero();
        }
    }

    private record Running(SourceIngress ingress, Collector collector, DestinationWorker worker, Pipeline pipeline) {}

    private Running run(int count, int window) throws Exception {
        Collector c = new Collector();
        var settings = new DestinationWorker.Settings(1_000_000, 100, Duration.ofMillis(20), 3, Duration.ofMillis(50), Duration.ofSeconds(5));
        DestinationWorker w = new DestinationWorker("kit.collect", List.of(c), settings, new MemoryQueue(Integer.MAX_VALUE), new DriverCounters());
        SourceIngress s = new SourceIngress("kit.source", "source", newSource(count, window));
        Pipeline p = new Pipeline("kit", true, List.of(), List.of(s), List.of(w));
        p.startDestinations();
        s.start();
        pipelines.add(p);
        return new Running(s, c, w, p);
    }

    /** Produces messages 0..n-1 on a thread of its own (the source may hold it back). */
    private Thread producing(int n) {
        return Thread.ofPlatform().start(() -> {
            try {
                produce(0, n);
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
    }

    @Nested
    class Lifecycle {
        @Test
        void every_message_arrives_exactly_once_and_is_counted() throws Exception {
            int n = 5000;
            Running r = run(n, 1000);
            await().atMost(Duration.ofSeconds(20)).until(() -> r.ingress().ready());
            produce(0, n);
            await().atMost(Duration.ofSeconds(60)).until(() -> r.collector().seen.size() >= n);
            r.collector().assertEachOnce(n);
            assertThat(r.ingress().counters().received.sum()).isGreaterThanOrEqualTo(n);
            assertThat(r.ingress().counters().errors.sum()).isZero();
            r.ingress().stop();
            assertThat(r.ingress().ready()).isFalse();
        }
    }

    @Nested
    class FlowControl {
        @Test
        void a_destination_that_does_not_deliver_holds_the_source_back_and_nothing_is_lost() throws Exception {
            Assumptions.assumeTrue(pushesBack(), "this source cannot push back on its sender");
            int n = 30_000, window = 200;
            Running r = run(n, window);
            Collector c = r.collector();
            c.hold = new CountDownLatch(1);
            await().atMost(Duration.ofSeconds(20)).until(() -> r.ingress().ready());
            Thread producer = producing(n);
            await().atMost(Duration.ofSeconds(20)).until(() -> r.ingress().counters().received.sum() >= window);
            // A source may overshoot its window by what one read brings in (a socket buffer), no more:
            // the count settles, then stays where it is for as long as the destination holds.
            AtomicLong last = new AtomicLong(-1);
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250))
                    .until(() -> last.getAndSet(r.ingress().counters().received.sum()) == r.ingress().counters().received.sum());
            long held = r.ingress().counters().received.sum();
            await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5))
                    .until(() -> r.ingress().counters().received.sum() == held);
            assertThat(held).as("received while held").isLessThan(n / 4);
            c.hold.countDown();
            await().atMost(Duration.ofSeconds(60)).until(() -> c.seen.size() >= n);
            producer.join();
            c.assertEachOnce(n);
        }
    }

    @Nested
    class Reload {
        @Test
        void a_changed_source_takes_over_and_loses_nothing_sent_across_the_switch() throws Exception {
            int n = 20_000;
            Running r = run(n, 1000);
            Source next = newSource(n, 2000);
            Assumptions.assumeTrue(next.canTakeOver(r.ingress().source()), "this source does not take over a predecessor");
            await().atMost(Duration.ofSeconds(20)).until(() -> r.ingress().ready());
            r.collector().hold = new CountDownLatch(1); // the window fills: the switch happens with the sender mid-stream
            Thread producer = producing(n);
            await().atMost(Duration.ofSeconds(20)).until(() -> r.ingress().counters().received.sum() >= 1000);
            SourceIngress successor = new SourceIngress("kit.source", "source", next);
            Pipeline p2 = new Pipeline("kit", true, List.of(), List.of(successor), r.pipeline().destinations());
            successor.takeOver(r.ingress());
            Pipeline.stopAll(List.of(r.pipeline()), Set.of(), Set.copyOf(r.pipeline().destinations()));
            pipelines.remove(r.pipeline());
            pipelines.add(p2);
            r.collector().hold.countDown();
            producer.join();
            await().atMost(Duration.ofSeconds(60)).until(() -> r.collector().seen.size() >= n);
            r.collector().assertEachOnce(n);
            assertThat(successor.counters().received.sum()).isPositive();
        }
    }
}
