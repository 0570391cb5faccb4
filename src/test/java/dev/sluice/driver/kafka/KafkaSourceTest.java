package dev.sluice.driver.kafka;

import dev.sluice.config.ConfigLoader;
import dev.sluice.driver.Destination;
import dev.sluice.driver.DriverContext;
import dev.sluice.driver.DriverFactory;
import dev.sluice.driver.file.FileDestinationFactory;
import dev.sluice.message.LogMessage;
import dev.sluice.pipeline.DestinationWorker;
import dev.sluice.pipeline.Pipeline;
import dev.sluice.pipeline.PipelineFactory;
import dev.sluice.pipeline.SourceIngress;
import dev.sluice.pipeline.TestWorkers;
import dev.sluice.template.TemplateCompiler;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The kafka source against a real broker: offsets are committed only over what was delivered, a
 * consumer-group rebalance between two instances and a broker restart lose nothing (duplicates,
 * at least once, are counted and printed); a broker gone for long shows in the source's health.
 */
class KafkaSourceTest {
    private static final Pattern NUMBER = Pattern.compile("n=(\\d{8})");
    private static TestKafka kafka;

    @TempDir
    Path dir;

    @BeforeAll
    static void startBroker() throws Exception { kafka = new TestKafka(); }

    @AfterAll
    static void stopBroker() throws Exception { kafka.close(); }

    private static void produce(String topic, int from, int to) {
        try (KafkaProducer<String, String> p = new KafkaProducer<>(Map.of("bootstrap.servers", kafka.bootstrap()),
                new StringSerializer(), new StringSerializer())) {
            for (int i = from; i < to; i++) p.send(new ProducerRecord<>(topic, Integer.toString(i), "n=%08d".formatted(i)));
            p.flush();
        }
    }

    /** A Sluice pipeline: the kafka source in {@code group} into a file. */
    private Pipeline start(String name, String topic, String group, Path out) throws Exception {
        StandardEnvironment env = new StandardEnvironment();
        Map<String, Object> props = new HashMap<>();
        String p = "sluice.pipelines." + name + ".";
        props.put(p + "flow-control", "true");
        props.put(p + "sources.in.type", "kafka");
        props.put(p + "sources.in.bootstrap-servers", kafka.bootstrap());
        props.put(p + "sources.in.topics", topic);
        props.put(p + "sources.in.group-id", group);
        props.put(p + "sources.in.commit-interval", "200ms");
        props.put(p + "sources.in.properties.session.timeout.ms", "6000");
        props.put(p + "sources.in.properties.heartbeat.interval.ms", "500");
        props.put(p + "destinations.out.type", "file");
        props.put(p + "destinations.out.path", out.toString());
        props.put(p + "destinations.out.template", "${.kafka.partition} ${.kafka.offset} $MESSAGE\n");
        env.getPropertySources().addFirst(new MapPropertySource("test", props));
        PipelineFactory factory = new PipelineFactory(List.<DriverFactory<?>>of(new KafkaSourceFactory(), new FileDestinationFactory()),
                new DriverContext(TemplateCompiler.withBuiltins(), dir));
        Pipeline pipeline = factory.build(ConfigLoader.load(env)).get(0);
        pipeline.startDestinations();
        for (SourceIngress s : pipeline.sources()) s.start();
        return pipeline;
    }

    private static Map<Integer, Integer> numbers(Path... outs) throws Exception {
        Map<Integer, Integer> seen = new TreeMap<>();
        for (Path out : outs) {
            if (!Files.exists(out)) continue;
            Matcher m = NUMBER.matcher(Files.readString(out));
            while (m.find()) seen.merge(Integer.parseInt(m.group(1)), 1, Integer::sum);
        }
        return seen;
    }

    private static long committed(String group) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrap()))) {
            Map<?, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
            return offsets.values().stream().filter(o -> o != null).mapToLong(OffsetAndMetadata::offset).sum();
        }
    }

    private static int duplicates(Map<Integer, Integer> seen) {
        return seen.values().stream().mapToInt(c -> c - 1).sum();
    }

    @Test
    void offsets_are_committed_only_over_what_was_delivered() throws Exception {
        String topic = "held";
        kafka.createTopic(topic, 2);
        produce(topic, 0, 1000);
        CountDownLatch hold = new CountDownLatch(1);
        AtomicInteger delivered = new AtomicInteger();
        List<Integer> batch = new ArrayList<>();
        Destination held = new Destination() {
            @Override public Result send(LogMessage m) { batch.add(1); return Result.QUEUED; }

            @Override
            public Result flush() throws InterruptedException {
                hold.await();
                delivered.addAndGet(batch.size());
                batch.clear();
                return Result.SUCCESS;
            }

            @Override public void close() { batch.clear(); }
        };
        DestinationWorker w = TestWorkers.inMemory("held.out", held);
        var spec = dev.sluice.driver.TestSpecs.spec(dev.sluice.driver.DriverRole.SOURCE, "kafka", Map.of("bootstrap-servers", kafka.bootstrap(),
                "topics", List.of(topic), "group-id", "held", "commit-interval", "100ms"));
        SourceIngress source = new SourceIngress("held.in", "in", new KafkaSourceFactory().create(spec, new DriverContext(TemplateCompiler.withBuiltins(), dir)));
        Pipeline p = new Pipeline("held", true, List.of(), List.of(source), List.of(w));
        p.startDestinations();
        source.start();
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> source.counters().received.sum() >= 1000);
            // every record was read, none delivered: for several commit intervals, nothing is committed
            await().during(Duration.ofMillis(800)).atMost(Duration.ofSeconds(5)).until(() -> committed("held") == 0);
            hold.countDown();
            await().atMost(Duration.ofSeconds(30)).until(() -> delivered.get() == 1000);
            await().atMost(Duration.ofSeconds(30)).until(() -> committed("held") == 1000); // both partitions' ends, summed
        } finally {
            hold.countDown();
            p.stop();
        }
    }

    /** Produces numbered records until stopped, a few thousand a second; {@link #produced} says how many. */
    private static final class SteadyProducer implements AutoCloseable {
        private final AtomicInteger produced = new AtomicInteger();
        private volatile boolean stop;
        private final Thread thread;

        SteadyProducer(String topic) {
            thread = Thread.ofPlatform().start(() -> {
                try (KafkaProducer<String, String> p = new KafkaProducer<>(Map.of("bootstrap.servers", kafka.bootstrap(), "linger.ms", "5"),
                        new StringSerializer(), new StringSerializer())) {
                    while (!stop) {
                        for (int k = 0; k < 200; k++) {
                            int i = produced.get();
                            p.send(new ProducerRecord<>(topic, Integer.toString(i), "n=%08d".formatted(i)));
                            produced.incrementAndGet();
                        }
                        p.flush();
                        Thread.sleep(20);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }

        int produced() { return produced.get(); }

        @Override
        public void close() throws InterruptedException {
            stop = true;
            thread.join();
        }
    }

    @Test
    void a_rebalance_between_two_instances_loses_nothing() throws Exception {
        String topic = "rebalanced";
        kafka.createTopic(topic, 4);
        Path outA = dir.resolve("a.log"), outB = dir.resolve("b.log");
        Pipeline a = start("a", topic, "pair", outA);
        Pipeline b = null;
        SteadyProducer producer = new SteadyProducer(topic);
        int total;
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> numbers(outA).size() >= 5_000);
            b = start("b", topic, "pair", outB); // the group rebalances: partitions move to b
            await().atMost(Duration.ofSeconds(60)).until(() -> numbers(outB).size() > 2_000);
            a.stop(); // a leaves: b takes every partition
            a = null;
            int afterA = numbers(outB).size();
            await().atMost(Duration.ofSeconds(60)).until(() -> numbers(outB).size() > afterA + 5_000);
            producer.close();
            total = producer.produced();
            await().atMost(Duration.ofSeconds(60)).until(() -> numbers(outA, outB).size() == total);
        } finally {
            producer.close();
            if (a != null) a.stop();
            if (b != null) b.stop();
        }
        Map<Integer, Integer> seen = numbers(outA, outB);
        System.out.printf("kafka rebalance: %d records, %d missing, %d duplicates%n", total, total - seen.size(), duplicates(seen));
        assertThat(seen).hasSize(total);
    }

    @Test
    void a_broker_restart_loses_nothing() throws Exception {
        String topic = "restarted";
        kafka.createTopic(topic, 2);
        Path out = dir.resolve("restart.log");
        Pipeline p = start("r", topic, "restart", out);
        try {
            produce(topic, 0, 10_000);
            await().atMost(Duration.ofSeconds(30)).until(() -> numbers(out).size() >= 2_000);
            kafka.stopBroker();
            // the consumer retries quietly; without heartbeats for 10 s the source says it is stuck, and recovers when the broker is back
            var health = p.sources().getFirst().health();
            await().atMost(Duration.ofSeconds(40)).until(() -> !health.isUp());
            assertThat(health.lastError()).contains("no heartbeat");
            kafka.startBroker();
            await().atMost(Duration.ofSeconds(40)).until(health::isUp);
            produce(topic, 10_000, 20_000);
            await().atMost(Duration.ofSeconds(90)).until(() -> numbers(out).size() == 20_000);
        } finally {
            p.stop();
        }
        Map<Integer, Integer> seen = numbers(out);
        System.out.printf("kafka broker restart: 20000 records, %d missing, %d duplicates%n", 20_000 - seen.size(), duplicates(seen));
        assertThat(seen).hasSize(20_000);
    }
}
