package dev.sluice.state;

import dev.sluice.ack.AckHandle;
import dev.sluice.ack.AckOutcome;
import dev.sluice.ack.AckReceiver;
import dev.sluice.message.LogMessage;
import dev.sluice.message.Timestamp;
import dev.sluice.pipeline.DriverCounters;
import org.junit.jupiter.api.AfterEach;
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

    private static void waitFor(java.util.function.BooleanSupplier cond) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!cond.getAsBoolean() && System.nanoTime() < deadline) Thread.sleep(10);
        assertThat(cond.getAsBoolean()).isTrue();
    }

    private record Closer(DiskBuffer buffer) implements AutoCloseable {
        @Override public void close() { buffer.close(); }
    }
}
