package dev.sluice.driver.kafka;

import dev.sluice.driver.DriverContext;
import dev.sluice.driver.DriverRole;
import dev.sluice.driver.DriverSpec;
import dev.sluice.driver.Source;
import dev.sluice.driver.TestSpecs;
import dev.sluice.pipeline.SourceKit;
import dev.sluice.template.TemplateCompiler;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** The kafka source passes the kit: records produced to a real broker's three-partition topic; a full window pauses the partitions. */
class KafkaSourceKitTest extends SourceKit {
    private static TestKafka kafka;
    private static final AtomicInteger TOPICS = new AtomicInteger();
    private String topic;

    @BeforeAll
    static void startBroker() throws Exception { kafka = new TestKafka(); }

    @AfterAll
    static void stopBroker() throws Exception { kafka.close(); }

    @BeforeEach
    void newTopic() throws Exception {
        topic = "source-kit-" + TOPICS.incrementAndGet();
        kafka.createTopic(topic, 3);
    }

    @Override
    protected Source newSource(int count, int window) {
        DriverSpec spec = TestSpecs.spec(DriverRole.SOURCE, "kafka", Map.of("bootstrap-servers", kafka.bootstrap(),
                "topics", java.util.List.of(topic), "group-id", "kit-" + topic, "log-iw-size", window,
                "properties", Map.of("max.poll.records", "100")));
        Source s = new KafkaSourceFactory().create(spec, new DriverContext(TemplateCompiler.withBuiltins(), Path.of("target")));
        if (!spec.errors().isEmpty()) throw new AssertionError(spec.errors().toString());
        return s;
    }

    @Override
    protected void produce(int from, int to) throws Exception {
        try (KafkaProducer<String, String> p = new KafkaProducer<>(Map.of("bootstrap.servers", kafka.bootstrap()),
                new StringSerializer(), new StringSerializer())) {
            for (int i = from; i < to; i++) p.send(new ProducerRecord<>(topic, Integer.toString(i), "n=%08d".formatted(i)));
            p.flush();
        }
    }
}
