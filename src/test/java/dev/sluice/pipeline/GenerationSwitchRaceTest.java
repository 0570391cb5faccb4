package dev.sluice.pipeline;

import dev.sluice.ack.AckOutcome;
import dev.sluice.ack.AckReceiver;
import dev.sluice.driver.Destination;
import dev.sluice.driver.Source;
import dev.sluice.driver.SourceContext;
import dev.sluice.message.LogMessage;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A source posting flat out while generations switch under it, 100 times: every message is
 * acknowledged, none is left in the queue of a generation that was already stopped (a batch could
 * enter a retiring generation after stopAll had checked its dispatches in flight).
 */
class GenerationSwitchRaceTest {
    private static final DestinationWorker.Settings SETTINGS = new DestinationWorker.Settings(1_000_000, 100,
            Duration.ofMillis(10), 3, Duration.ofMillis(10), Duration.ofSeconds(5));

    private static DestinationWorker worker() {
        Destination d = m -> Destination.Result.SUCCESS;
        DestinationWorker w = new DestinationWorker("race.d", List.of(d), SETTINGS, new MemoryQueue(Integer.MAX_VALUE), new DriverCounters());
        w.start();
        return w;
    }

    @Test
    void no_message_is_stranded_in_a_retired_generation() throws Exception {
        SourceIngress ingress = new SourceIngress("race.s", "s", new Source() {
            @Override public void start(SourceContext context) {}
            @Override public void stop() {}
        });
        Window window = new Window(1_000_000);
        AtomicLong posted = new AtomicLong(), acked = new AtomicLong();
        AckReceiver acks = new AckReceiver() {
            @Override public void released() { window.release(1); }
            @Override public void acknowledged(Object bookmark, AckOutcome outcome) { acked.incrementAndGet(); }
        };
        Pipeline current = new Pipeline("race", true, List.of(), List.of(ingress), List.of(worker()));
        AtomicBoolean running = new AtomicBoolean(true);
        Thread poster = Thread.ofPlatform().start(() -> {
            while (running.get()) {
                LogMessage m = new LogMessage();
                m.setMessage("x");
                ingress.post(m, window, acks);
                posted.incrementAndGet();
            }
        });
        for (int i = 0; i < 100; i++) {
            Pipeline next = new Pipeline("race", true, List.of(), List.of(ingress), List.of(worker()));
            next.adopt(ingress);
            Pipeline.stopAll(List.of(current), Set.of(ingress), Set.of());
            current = next;
        }
        running.set(false);
        poster.join();
        Pipeline last = current;
        await().atMost(Duration.ofSeconds(20)).until(() -> acked.get() == posted.get());
        last.stop();
        assertThat(posted.get()).isGreaterThan(10_000);
    }
}
