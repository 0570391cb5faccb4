package dev.sluice.driver.kafka;

import dev.sluice.ack.AckLedger;
import dev.sluice.ack.AckOutcome;
import dev.sluice.ack.AckReceiver;
import dev.sluice.driver.Source;
import dev.sluice.driver.SourceContext;
import dev.sluice.message.LogMessage;
import dev.sluice.message.ParseOptions;
import dev.sluice.message.SyslogParser;
import dev.sluice.pipeline.Window;
import dev.sluice.template.LocalHost;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * {@code type: kafka} source: a consumer in a consumer group, on its own thread. Each record is a
 * message ({@code MESSAGE} the value, or the value parsed as syslog), with {@code .kafka.topic},
 * {@code .kafka.partition}, {@code .kafka.offset}, {@code .kafka.key} and {@code .kafka.header.NAME}.
 *
 * <p>The offset is the bookmark: a partition's ledger ({@link AckLedger}) moves over the contiguous
 * prefix of records delivered downstream, and only that prefix is committed, every
 * {@code commit-interval}, at a rebalance (for the partitions given up, after waiting a while for
 * their records in flight) and at stop. A crash or a rebalance therefore replays what was in
 * flight (at least once) and skips nothing. A full window
 * pauses every partition (the consumer keeps polling, so it stays in the group) rather than
 * buffering without bound.
 */
final class KafkaSource implements Source {
    record Settings(Map<String, Object> properties, List<String> topics, Pattern pattern, boolean parse, ParseOptions parseOptions,
                    int window, Duration commitInterval, Duration drainTimeout) {}

    /** A record in flight: its partition's ledger (the one of its assignment) and its ticket there. */
    private record Bookmark(AckLedger ledger, long ticket) {}

    /** Heartbeats go every 3 s (heartbeat.interval.ms): 10 s without one means no coordinator, well before a 45 s session expires. */
    private static final double STALE_HEARTBEAT_SECONDS = 10;

    private final String id;
    private final Settings settings;
    /** The ledgers of the partitions assigned now; acks of an earlier assignment go to ledgers no longer here. */
    private final Map<TopicPartition, AckLedger> ledgers = new ConcurrentHashMap<>();
    private final Map<TopicPartition, Long> committed = new HashMap<>();
    /** Records polled and not yet posted (the window was full): at most one poll's worth, since partitions pause meanwhile. */
    private final ArrayDeque<ConsumerRecord<byte[], byte[]>> pending = new ArrayDeque<>();
    private volatile boolean stopping;
    private volatile Consumer<byte[], byte[]> consumer;
    private Thread thread;

    KafkaSource(String id, Settings settings) {
        this.id = id;
        this.settings = settings;
    }

    @Override
    public void start(SourceContext context) {
        Window window = context.newWindow(settings.window());
        SyslogParser parser = new SyslogParser(settings.parseOptions(), context.parseCounters());
        AckReceiver acks = new AckReceiver() {
            @Override public void released() { window.release(1); }

            @Override
            public void acknowledged(Object bookmark, AckOutcome outcome) {
                if (bookmark instanceof Bookmark b) b.ledger().ack(b.ticket());
            }
        };
        stopping = false;
        consumer = new KafkaConsumer<>(settings.properties(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
        thread = Thread.ofPlatform().name("src-" + id).daemon(true).start(() -> run(context, window, parser, acks));
    }

    private void run(SourceContext context, Window window, SyslogParser parser, AckReceiver acks) {
        Consumer<byte[], byte[]> c = consumer;
        pending.clear();
        try {
            Rebalance listener = new Rebalance(c);
            if (settings.pattern() != null) c.subscribe(settings.pattern(), listener);
            else c.subscribe(settings.topics(), listener);
            long lastCommit = System.nanoTime();
            long subscribed = lastCommit;
            while (!stopping) {
                try {
                    // records are posted only as the window has room; the rest wait here, with every partition paused
                    while (!pending.isEmpty() && window.free() > 0) post(context, window, parser, acks, pending.pollFirst());
                    boolean hold = !pending.isEmpty();
                    if (hold) c.pause(c.assignment());
                    else if (!c.paused().isEmpty()) c.resume(c.paused());
                    for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(hold ? 20 : 100))) pending.addLast(r);
                    if (System.nanoTime() - lastCommit >= settings.commitInterval().toNanos()) {
                        commitAsync(c);
                        lastCommit = System.nanoTime();
                        // the consumer retries a lost broker quietly: without heartbeats for a while, it is stuck, and says so
                        double quiet = secondsSinceHeartbeat(c, subscribed);
                        if (quiet > STALE_HEARTBEAT_SECONDS) {
                            context.error("kafka consumer group " + settings.properties().get("group.id") + ": no heartbeat to its coordinator for "
                                    + Math.round(quiet) + " s (the brokers at " + settings.properties().get("bootstrap.servers") + " are unreachable?)", null);
                        } else {
                            context.recovered();
                        }
                    }
                } catch (WakeupException e) {
                    // stop() woke the poll
                } catch (RuntimeException e) {
                    if (stopping) break;
                    context.error("kafka consumer of " + (settings.pattern() != null ? settings.pattern().pattern() : settings.topics()) + " failed: " + e.getMessage(), e);
                    sleep(1000);
                }
            }
            drain(c);
        } finally {
            try {
                c.close(Duration.ofSeconds(5));
            } catch (RuntimeException e) {
                // closing
            }
        }
    }

    /**
     * How long the consumer has not heartbeaten its group coordinator; before its first heartbeat,
     * how long since it subscribed (a consumer that joined and lost the broker within its first
     * heartbeat interval has none to count from).
     */
    private static double secondsSinceHeartbeat(Consumer<byte[], byte[]> c, long subscribedNanos) {
        for (var e : c.metrics().entrySet()) {
            if (e.getKey().name().equals("last-heartbeat-seconds-ago") && e.getValue().metricValue() instanceof Number n && n.doubleValue() >= 0) {
                return n.doubleValue();
            }
        }
        return (System.nanoTime() - subscribedNanos) / 1e9;
    }

    private void post(SourceContext context, Window window, SyslogParser parser, AckReceiver acks, ConsumerRecord<byte[], byte[]> r) {
        LogMessage m = message(r, parser);
        AckLedger ledger = ledgers.computeIfAbsent(new TopicPartition(r.topic(), r.partition()), tp -> new AckLedger(r.offset()));
        m.setBookmark(new Bookmark(ledger, ledger.read(r.offset() + 1, 0)));
        context.post(m, window, acks);
    }

    private LogMessage message(ConsumerRecord<byte[], byte[]> r, SyslogParser parser) {
        byte[] value = r.value() == null ? new byte[0] : r.value();
        LogMessage m;
        if (settings.parse()) {
            m = parser.parse(value, 0, value.length);
        } else {
            m = new LogMessage();
            m.setMessage(new String(value, StandardCharsets.UTF_8));
        }
        if (m.host().isEmpty()) m.setHost(LocalHost.NAME);
        m.setTransport("kafka");
        m.setValue(".kafka.topic", r.topic());
        m.setValue(".kafka.partition", Integer.toString(r.partition()));
        m.setValue(".kafka.offset", Long.toString(r.offset()));
        if (r.key() != null) m.setValue(".kafka.key", new String(r.key(), StandardCharsets.UTF_8));
        for (Header h : r.headers()) {
            if (h.value() != null) m.setValue(".kafka.header." + h.key(), new String(h.value(), StandardCharsets.UTF_8));
        }
        return m;
    }

    /** The offsets whose records were all delivered and that are not committed yet. */
    private Map<TopicPartition, OffsetAndMetadata> due(Collection<TopicPartition> partitions) {
        Map<TopicPartition, OffsetAndMetadata> out = new HashMap<>();
        for (TopicPartition tp : partitions) {
            AckLedger l = ledgers.get(tp);
            if (l == null) continue;
            long next = l.committed();
            Long done = committed.get(tp);
            if (done == null || next > done) out.put(tp, new OffsetAndMetadata(next));
        }
        return out;
    }

    private void commitAsync(Consumer<byte[], byte[]> c) {
        Map<TopicPartition, OffsetAndMetadata> due = due(ledgers.keySet());
        if (due.isEmpty()) return;
        c.commitAsync(due, (offsets, e) -> {
            if (e == null) offsets.forEach((tp, o) -> committed.merge(tp, o.offset(), Math::max));
        });
    }

    private void commitSync(Consumer<byte[], byte[]> c, Collection<TopicPartition> partitions) {
        Map<TopicPartition, OffsetAndMetadata> due = due(partitions);
        if (due.isEmpty()) return;
        try {
            c.commitSync(due, Duration.ofSeconds(10));
            due.forEach((tp, o) -> committed.merge(tp, o.offset(), Math::max));
        } catch (RuntimeException e) {
            // the group moved on (or the broker is away): what was not committed is read again, at least once
        }
    }

    /** At stop: waits a while for what is in flight to be delivered, so that a restart replays little, and commits it. */
    private void drain(Consumer<byte[], byte[]> c) {
        long deadline = System.nanoTime() + settings.drainTimeout().toNanos();
        try {
            c.pause(c.assignment());
            while (System.nanoTime() < deadline && ledgers.values().stream().anyMatch(l -> l.outstanding() > 0)) {
                c.poll(Duration.ofMillis(50)); // keeps the membership and runs commit callbacks
            }
        } catch (RuntimeException e) {
            // stopping anyway
        }
        commitSync(c, ledgers.keySet());
    }

    /** Partitions given up are committed as far as delivered first; their ledgers go (what was in flight comes again to the next owner). */
    private final class Rebalance implements ConsumerRebalanceListener {
        private final Consumer<byte[], byte[]> c;

        Rebalance(Consumer<byte[], byte[]> c) { this.c = c; }

        /** What was posted from these partitions gets up to {@code drain-timeout} to be delivered first: the next owner then repeats little. */
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            pending.removeIf(r -> partitions.contains(new TopicPartition(r.topic(), r.partition())));
            long deadline = System.nanoTime() + settings.drainTimeout().toNanos();
            while (!stopping && System.nanoTime() < deadline && partitions.stream().map(ledgers::get)
                    .anyMatch(l -> l != null && l.outstanding() > 0)) {
                sleep(5);
            }
            commitSync(c, partitions);
            forget(partitions);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {}

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) { forget(partitions); }

        private void forget(Collection<TopicPartition> partitions) {
            pending.removeIf(r -> partitions.contains(new TopicPartition(r.topic(), r.partition())));
            for (TopicPartition tp : partitions) {
                ledgers.remove(tp);
                committed.remove(tp);
            }
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void stop() {
        stopping = true;
        Consumer<byte[], byte[]> c = consumer;
        if (c != null) c.wakeup();
        if (thread != null) {
            try {
                thread.join(settings.drainTimeout().toMillis() + 20_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
