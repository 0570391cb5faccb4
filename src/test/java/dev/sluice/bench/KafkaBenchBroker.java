package dev.sluice.bench;

import dev.sluice.driver.kafka.TestKafka;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.Map;

/**
 * For bench/kafka.sh: a KRaft broker in its own JVM. Usage: KafkaBenchBroker DIR TOPIC:PARTITIONS...
 * Writes its bootstrap address to DIR/bootstrap, creates the topics, then keeps DIR/offsets up to
 * date (a line "topic total-records" per topic, every 100 ms) until killed.
 */
public final class KafkaBenchBroker {
    private KafkaBenchBroker() {}

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        Files.createDirectories(dir);
        TestKafka kafka = new TestKafka();
        for (int i = 1; i < args.length; i++) {
            String[] t = args[i].split(":");
            kafka.createTopic(t[0], Integer.parseInt(t[1]));
        }
        Files.writeString(dir.resolve("bootstrap.tmp"), kafka.bootstrap());
        Files.move(dir.resolve("bootstrap.tmp"), dir.resolve("bootstrap"), StandardCopyOption.ATOMIC_MOVE);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrap()))) {
            while (true) {
                StringBuilder out = new StringBuilder();
                for (String topic : admin.listTopics().names().get()) {
                    TopicDescription d = admin.describeTopics(java.util.List.of(topic)).allTopicNames().get().get(topic);
                    Map<TopicPartition, OffsetSpec> ask = new HashMap<>();
                    d.partitions().forEach(p -> ask.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
                    long total = admin.listOffsets(ask).all().get().values().stream().mapToLong(o -> o.offset()).sum();
                    out.append(topic).append(' ').append(total).append('\n');
                }
                Files.writeString(dir.resolve("offsets.tmp"), out);
                Files.move(dir.resolve("offsets.tmp"), dir.resolve("offsets"), StandardCopyOption.ATOMIC_MOVE);
                Thread.sleep(100);
            }
        }
    }
}
