package dev.sluice.it;

import dev.sluice.pipeline.DestinationWorker;
import dev.sluice.pipeline.SourceIngress;
import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * With flow control a destination that cannot deliver makes the TCP source stop reading, so the
 * sender's writes stall, and nothing is lost. Without it the excess is dropped and counted.
 */
class FlowControlTest extends SluiceIntegrationTest {
    private static final int MESSAGES = 200_000;

    /** Sends numbered lines on a thread; counts how many went into the socket. */
    private static Thread sender(int port, AtomicLong sent) {
        return Thread.ofPlatform().daemon(true).start(() -> {
            try (Socket s = new Socket()) {
                s.setSendBufferSize(65536);
                s.connect(new InetSocketAddress("127.0.0.1", port));
                OutputStream out = s.getOutputStream();
                for (int i = 0; i < MESSAGES; i++) {
                    out.write(("<13>Jan  1 00:00:00 h app: message number " + i + " padded to look like a log line\n")
                            .getBytes(StandardCharsets.US_ASCII));
                    sent.incrementAndGet();
                }
                out.flush();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @Test
    void blocked_destination_stalls_the_tcp_sender_and_loses_nothing() throws Exception {
        try (SinkServer sink = new SinkServer(port("fc-sink"))) {
            await().atMost(Duration.ofSeconds(10)).until(sink::connected);
            AtomicLong sent = new AtomicLong();
            Thread t = sender(port("fc"), sent);

            // The sender stalls: its count stops growing well short of the total.
            long before;
            long after;
            do {
                before = sent.get();
                Thread.sleep(1000);
                after = sent.get();
            } while (after != before && after < MESSAGES);
            assertThat(after).as("sender should be stalled by flow control").isLessThan(MESSAGES / 2);
            SourceIngress in = source("fc", "in");
            assertThat(in.counters().droppedTotal()).isZero();

            sink.startReading();
            t.join(Duration.ofSeconds(60));
            assertThat(sent.get()).isEqualTo(MESSAGES);
            await().atMost(Duration.ofSeconds(60)).until(() -> sink.lines() == MESSAGES);
            DestinationWorker slow = destination("fc", "slow");
            assertThat(slow.counters().droppedTotal()).isZero();
            assertThat(slow.counters().written.sum()).isEqualTo(MESSAGES);
        }
    }

    @Test
    void without_flow_control_the_excess_is_dropped_and_counted() throws Exception {
        try (SinkServer sink = new SinkServer(port("drop-sink"))) {
            await().atMost(Duration.ofSeconds(10)).until(sink::connected);
            AtomicLong sent = new AtomicLong();
            Thread t = sender(port("drop"), sent);
            t.join(Duration.ofSeconds(60));
            assertThat(sent.get()).as("the sender is never held back").isEqualTo(MESSAGES);
            DestinationWorker slow = destination("drop", "slow");
            await().atMost(Duration.ofSeconds(20)).until(() -> slow.counters().received.sum() == MESSAGES);
            long dropped = slow.counters().dropped("queue-full");
            assertThat(dropped).isPositive();

            sink.startReading();
            await().atMost(Duration.ofSeconds(30)).until(() -> sink.lines() == MESSAGES - dropped);
            assertThat(slow.counters().written.sum() + dropped).isEqualTo(MESSAGES);
        }
    }
}
