package dev.sluice.it;

import dev.sluice.driver.kafka.TestKafka;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole service consuming from a real broker into a file, killed with {@code kill -9} mid-stream:
 * after the restart (same consumer group) every record is in the file; the duplicates are what was
 * delivered but not yet committed at the kill.
 */
class KafkaCrashTest {
    private static final int TOTAL = 100_000;
    private static final Pattern LINE = Pattern.compile("rec n=(\\d{6})\\n");

    @Test
    void kill_minus_9_of_a_consumer_loses_no_record() throws Exception {
        Path dir = Files.createDirectories(Path.of("target/kafka-crash")).toAbsolutePath();
        Path out = dir.resolve("out.log");
        Files.deleteIfExists(out);
        int duplicates, missing;
        try (TestKafka kafka = new TestKafka()) {
            kafka.createTopic("crash", 3);
            String config = """
                    sluice:
                      pipelines:
                        core:
                          flow-control: true
                          sources:
                            in: {type: kafka, bootstrap-servers: "%s", topics: [crash], group-id: core, commit-interval: 200ms,
                                 properties: {session.timeout.ms: 6000, heartbeat.interval.ms: 500}}
                          destinations:
                            out: {type: file, path: %s, template: "$MESSAGE\\n"}
                    """.formatted(kafka.bootstrap(), out);
            String stateArg = "--sluice.state-dir=" + dir.resolve("state");
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers", kafka.bootstrap()),
                    new StringSerializer(), new StringSerializer())) {
                send(producer, 0, 50_000);
                try (ServiceProcess first = ServiceProcess.start(config, stateArg)) {
                    first.await(() -> seen(out).count >= 20_000, "20000 records");
                    first.close(); // SIGKILL, with records in flight
                    first.awaitExit();
                }
                send(producer, 50_000, TOTAL); // produced while no consumer runs
            }
            try (ServiceProcess second = ServiceProcess.start(config, stateArg)) {
                second.await(() -> seen(out).firstMissing() >= TOTAL, "every record");
                Seen s = seen(out);
                duplicates = s.duplicates;
                missing = s.missing();
            }
        }
        System.out.printf("kafka consumer kill -9: %d records, %d duplicates, %d missing%n", TOTAL, duplicates, missing);
        assertThat(missing).isZero();
        assertThat(duplicates).as("only what was delivered and not yet committed comes twice").isLessThan(50_000);
    }

    private static void send(KafkaProducer<String, String> producer, int from, int to) {
        for (int i = from; i < to; i++) producer.send(new ProducerRecord<>("crash", Integer.toString(i), "rec n=%06d".formatted(i)));
        producer.flush();
    }

    private record Seen(boolean[] lines, int duplicates, int count) {
        int firstMissing() {
            for (int i = 0; i < lines.length; i++) if (!lines[i]) return i;
            return lines.length;
        }

        int missing() {
            int m = 0;
            for (boolean l : lines) if (!l) m++;
            return m;
        }
    }

    private static Seen seen(Path out) throws Exception {
        boolean[] s = new boolean[TOTAL];
        int dup = 0, count = 0;
        if (Files.exists(out)) {
            Matcher m = LINE.matcher(Files.readString(out, StandardCharsets.UTF_8)); // a line torn by kill -9 does not match
            while (m.find()) {
                int n = Integer.parseInt(m.group(1));
                if (s[n]) dup++;
                else count++;
                s[n] = true;
            }
        }
        return new Seen(s, dup, count);
    }
}
