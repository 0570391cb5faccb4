package dev.sluice.driver.kafka;

import dev.sluice.driver.Destination;
import dev.sluice.driver.DriverContext;
import dev.sluice.driver.DriverRole;
import dev.sluice.driver.DriverSpec;
import dev.sluice.driver.TestSpecs;
import dev.sluice.pipeline.DestinationKit;
import dev.sluice.template.TemplateCompiler;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** The kafka destination passes the kit against a real broker; its outage is the broker stopped and started again. */
class KafkaDestinationKitTest extends DestinationKit {
    private static TestKafka kafka;
    private static final AtomicInteger TOPICS = new AtomicInteger();
    private String topic;

    @BeforeAll
    static void startBroker() throws Exception { kafka = new TestKafka(); }

    @AfterAll
    static void stopBroker() throws Exception { kafka.close(); }

    @BeforeEach
    void newTopic() throws Exception {
        topic = "kit-" + TOPICS.incrementAndGet();
        kafka.createTopic(topic, 3);
    }

    @Override
    protected Destination newDestination() {
        DriverSpec spec = TestSpecs.spec(DriverRole.DESTINATION, "kafka", Map.of("bootstrap-servers", kafka.bootstrap(), "topic", topic,
                "template", "$MESSAGE", "properties", Map.of("delivery.timeout.ms", "3000", "request.timeout.ms", "1000", "linger.ms", "0",
                        "reconnect.backoff.max.ms", "200", "max.block.ms", "1000")));
        Destination d = new KafkaDestinationFactory().create(spec, new DriverContext(TemplateCompiler.withBuiltins(), Path.of("target")));
        if (!spec.errors().isEmpty()) throw new AssertionError(spec.errors().toString());
        return d;
    }

    /** syslog-ng's default retries (3): a broker outage is a disconnection, waited out however many flushes fail, never dropped. */
    @Override
    protected int retries() { return 3; }

    @Override
    protected String delivered() { return String.join("\n", kafka.values(topic)); }

    @Override
    protected boolean breakDestination() {
        kafka.stopBroker();
        return true;
    }

    @Override
    protected String outageShowsAs() { return "disconnected: org.apache.kafka.common.errors.TimeoutException"; }

    @Override
    protected void repair() throws Exception { kafka.startBroker(); }
}
