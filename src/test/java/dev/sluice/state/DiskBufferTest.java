package dev.sluice.state;

import dev.sluice.ack.AckHandle;
import dev.sluice.ack.AckOutcome;
import dev.sluice.ack.AckReceiver;
import dev.sluice.message.LogMessage;
import dev.sluice.message.Timestamp;
import dev.sluice.pipeline.DriverCounters;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class DiskBufferTest {
    @TempDir
    Path dir;
    private StateStore state;
    private final DriverCounters counters = new DriverCounters();
    /** Outcome per message text, as its source heard it. */
    private final Map<String, AckOutcome> acks = new ConcurrentHashMap<>();

    @BeforeEach
    void open() throws Exception {
        state = StateStore.open(dir, new StateStore.Settings(Duration.ofSeconds(1), 1 << 20));
    }

    @AfterEach
    void close() throws Exception {
        state.close();
    }

    private DiskBuffer buffer(long maxSize, long segmentSize, boolean flowControl) throws Exception {
        return DiskBuffer.open("p.d", new DiskBuffer.Settings(dir.resolve("buf"), maxSize, segmentSize, true), flowControl,
                1000, state, counters);
    }

    private LogMessage message(String text) {
        LogMessage m = new LogMessage();
        m.setMessage(text);
        m.setAck(new AckHandle(new AckReceiver() {
            @Override public void released() {}
            @Override public void acknowledged(Object bookmark, AckOutcome outcome) { acks.put(text, outcome); }
        }, null, 1, true));
        return m;
    }

    private List<LogMessage> take(DiskBuffer b, int n) throws Exception {
        List<LogMessage> out = new ArrayList<>();
        while (out.size() < n) {
            LogMessage m = b.poll(5, TimeUnit.SECONDS);
            assertThat(m).as("message %d of %d", out.size(), n).isNotNull();
            out.add(m);
        }
        return out;
    }

    @Test
    void messages_come_back_in_order_with_every_field_and_type() throws Exception {
        try (var ignored = new Closer(buffer(64 << 20, 1 << 20, true))) {
            DiskBuffer b = ignored.buffer;
            LogMessage m = message("héllo");
            m.setPri(165);
            m.setHost("host1");
            m.setProgram("prog");
            m.setPid("42");
            m.setStamp(new Timestamp(1_700_000_000_123_456L, ZoneOffset.ofHours(2)));
            m.setValue("s", "str");
            m.setValue("n", 7L);
            m.setValue("d", 1.5);
            m.setValue("b", true);
            m.setValue("raw", new byte[] {0, (byte) 0xff});
            m.setValue("list", List.of("a", 1L));
            m.setValue("map", Map.of("k", "v"));
            m.setValue(".SDATA.x@1.y", "z");
            b.offer(m);
            LogMessage back = b.poll(5, TimeUnit.SECONDS);
            assertThat(back.message()).isEqualTo("héllo");
            assertThat(back.pri()).isEqualTo(165);
            assertThat(back.host()).isEqualTo("host1");
            assertThat(back.pid()).isEqualTo("42");
            assertThat(back.stamp()).isEqualTo(m.stamp());
            assertThat(back.values()).containsEntry("s", "str").containsEntry("n", 7L).containsEntry("d", 1.5)
                    .containsEntry("b", true).containsEntry("list", List.of("a", 1L)).containsEntry("map", Map.of("k", "v"))
                    .containsEntry(".SDATA.x@1.y", "z");
            assertThat((byte[]) back.value("raw")).containsExactly(0, 0xff);
            assertThat(acks).containsEntry("héllo", AckOutcome.DELIVERED); // acked once on disk, before delivery
        }
    }

    @Test
    void undelivered_messages_survive_a_restart_and_finished_segments_are_removed() throws Exception {
        DiskBuffer b = buffer(64 << 20, 64 * 1024, true);
        for (int i = 0; i < 5000; i++) b.offer(message("m" + i));
        List<LogMessage> first = take(b, 3000);
        for (LogMessage m : first) m.ack().ack(AckOutcome.DELIVERED);
        assertThat(first.getFirst().message()).isEqualTo("m0");
        assertThat(first.getLast().message()).isEqualTo("m2999");
        b.close();
        assertThat(acks).hasSize(5000).allSatisfy((k, v) -> assertThat(v).isEqualTo(AckOutcome.DELIVERED));

        DiskBuffer again = buffer(64 << 20, 64 * 1024, true);
        assertThat(again.size()).isEqualTo(2000);
        List<LogMessage> rest = take(again, 2000);
        assertThat(rest.getFirst().message()).isEqualTo("m3000");
        assertThat(rest.getLast().message()).isEqualTo("m4999");
        for (LogMessage m : rest) m.ack().ack(AckOutcome.DELIVERED);
        again.offer(message("after"));
        LogMessage after = again.poll(5, TimeUnit.SECONDS);
        after.ack().ack(AckOutcome.DELIVERED);
        assertThat(after.message()).isEqualTo("after");
        assertThat(again.size()).isZero();
        again.close();
        try (Stream<Path> s = Files.list(dir.resolve("buf"))) {
            assertThat(s.filter(p -> p.getFileName().toString().startsWith("segment-")).count()).isLessThanOrEqualTo(2);
        }
    }

    @Test
    void a_full_buffer_without_flow_control_drops_and_counts() throws Exception {
        try (var c = new Closer(buffer(1 << 20, 64 * 1024, false))) {
            String big = "x".repeat(10_000);
            for (int i = 0; i < 200; i++) {
                c.buffer.offer(message(big + i));
                Thread.sleep(1);
            }
            waitFor(() -> acks.size() == 200);
            long dropped = acks.values().stream().filter(o -> o == AckOutcome.DROPPED).count();
            assertThat(dropped).isPositive().isEqualTo(counters.dropped("disk-buffer-full"));
            assertThat(c.buffer.usedBytes()).isLessThanOrEqualTo(1 << 20);
            assertThat(c.buffer.size()).isEqualTo(200 - dropped);
        }
    }

    @Test
    void a_full_buffer_with_flow_control_holds_acks_until_deliveries_make_room() throws Exception {
        try (var c = new Closer(buffer(1 << 20, 64 * 1024, true))) {
            String big = "x".repeat(10_000);
            for (int i = 0; i < 200; i++) c.buffer.offer(message(big + i));
            Thread.sleep(500);
            int ackedWhileFull = acks.size();
            assertThat(ackedWhileFull).isBetween(50, 110); // what fits in 1 MiB
            for (int i = 0; i < 200; i++) take(c.buffer, 1).getFirst().ack().ack(AckOutcome.DELIVERED);
            waitFor(() -> acks.size() == 200);
            assertThat(acks.values()).containsOnly(AckOutcome.DELIVERED);
            assertThat(counters.droppedTotal()).isZero();
        }
    }

    @Test
    void acks_out_of_order_only_move_the_position_over_the_acknowledged_prefix() throws Exception {
        DiskBuffer b = buffer(64 << 20, 64 * 1024, true);
        for (int i = 0; i < 1000; i++) b.offer(message("m" + i));
        List<LogMessage> read = take(b, 1000);
        // QUEUED for most, SUCCESS or DROP for some: the later ones are acknowledged first.
        for (int i = 0; i < 1000; i++) if (i % 10 != 0) read.get(i).ack().ack(i % 3 == 0 ? AckOutcome.DROPPED : AckOutcome.DELIVERED);
        b.close(); // saves the position, as a crash after the next save would
        DiskBuffer again = buffer(64 << 20, 64 * 1024, true);
        List<LogMessage> replayed = take(again, (int) again.size());
        assertThat(replayed).extracting(LogMessage::message).as("the first unacknowledged message and all after it come back")
                .startsWith("m0").contains("m10", "m990");
        assertThat(replayed.size()).isGreaterThan(990);
        for (LogMessage m : replayed) m.ack().ack(AckOutcome.DELIVERED);
        again.close();
    }

    @Test
    void a_full_disk_holds_the_messages_reports_it_and_recovers_when_space_returns() throws Exception {
        onSmallDisk("2m", fs -> {
            DiskBuffer b = DiskBuffer.open("p.d", new DiskBuffer.Settings(fs.resolve("buf"), 64 << 20, 256 * 1024, true), true,
                    1000, state, counters);
            try (var c = new Closer(b)) {
                for (int i = 0; i < 100; i++) b.offer(message("before" + i));
                for (LogMessage m : take(b, 100)) m.ack().ack(AckOutcome.DELIVERED);
                dev.sluice.driver.file.SmallDisk.fill(fs.resolve("filler"));
                String big = "y".repeat(2000);
                for (int i = 0; i < 300; i++) b.offer(message(big + i));
                waitFor(() -> b.problem() != null);
                assertThat(b.problem()).contains("No space");
                assertThat(counters.errors.sum()).isEqualTo(1);
                int heldAcks = heldAcks();
                org.awaitility.Awaitility.await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5))
                        .until(() -> heldAcks() == heldAcks); // no acknowledgement while it cannot write
                Files.delete(fs.resolve("filler"));
                waitFor(() -> b.problem() == null && acks.size() == 400);
                assertThat(heldAcks).as("nothing acknowledged while it could not be written").isLessThan(300);
                assertThat(acks.values()).containsOnly(AckOutcome.DELIVERED);
                List<LogMessage> after = take(b, 300);
                assertThat(after.getFirst().message()).isEqualTo(big + 0);
                assertThat(after.getLast().message()).isEqualTo(big + 299);
                for (LogMessage m : after) m.ack().ack(AckOutcome.DELIVERED);
                assertThat(counters.droppedTotal()).isZero();
            }
        });
    }

    @Test
    void a_disk_full_of_delivered_messages_is_reclaimed() throws Exception {
        onSmallDisk("2m", fs -> {
            // Segments larger than the disk: only a new segment can give the delivered one's space back.
            DiskBuffer b = DiskBuffer.open("p.d", new DiskBuffer.Settings(fs.resolve("buf"), 64 << 20, 64 << 20, true), true,
                    1000, state, counters);
            try (var c = new Closer(b)) {
                String big = "z".repeat(4000);
                int sent = 0;
                // Fill the disk with messages that are each delivered at once.
                while (sent < 2000) {
                    b.offer(message(big + sent++));
                    LogMessage m = b.poll(5, TimeUnit.SECONDS);
                    assertThat(m).as("message %d", sent - 1).isNotNull();
                    m.ack().ack(AckOutcome.DELIVERED);
                }
                waitFor(() -> acks.size() == 2000); // the writer acknowledges just after it shows a group to the reader
                assertThat(counters.droppedTotal()).isZero();
            }
        });
    }

    /** Acknowledgements of the messages offered while the disk was full. */
    private int heldAcks() { return (int) acks.keySet().stream().filter(k -> k.startsWith("y")).count(); }

    /** Runs {@code body} with a small tmpfs mounted on dir/small (skipped where mounting is not allowed). */
    private void onSmallDisk(String size, SmallDiskBody body) throws Exception {
        Path fs = dir.resolve("small");
        Files.createDirectories(fs);
        Assumptions.assumeTrue(dev.sluice.driver.file.SmallDisk.mount(fs, size), "mounting a tmpfs needs root");
        try {
            body.run(fs);
        } finally {
            dev.sluice.driver.file.SmallDisk.unmount(fs);
        }
    }

    private interface SmallDiskBody { void run(Path fs) throws Exception; }

    private static void waitFor(java.util.function.BooleanSupplier cond) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!cond.getAsBoolean() && System.nanoTime() < deadline) Thread.sleep(10);
        assertThat(cond.getAsBoolean()).isTrue();
    }

    private record Closer(DiskBuffer buffer) implements AutoCloseable {
        @Override public void close() { buffer.close(); }
    }
}
