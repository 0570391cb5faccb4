package dev.sluice.cluster;

import dev.sluice.config.ConfigLoader;
import dev.sluice.driver.DriverContext;
import dev.sluice.driver.DriverFactory;
import dev.sluice.driver.file.FileDestinationFactory;
import dev.sluice.driver.kafka.KafkaSourceFactory;
import dev.sluice.driver.kafka.TestKafka;
import dev.sluice.pipeline.Pipeline;
import dev.sluice.pipeline.PipelineFactory;
import dev.sluice.pipeline.SourceIngress;
import dev.sluice.template.TemplateCompiler;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The hand-over of a source under {@code leader-election} with its bookmarks: two instances, each a
 * pipeline built from configuration, read one Kafka topic under one Lease (the bookmark is the
 * consumer group's committed offset, where the next holder finds it). The holder loses its API
 * connection; the other takes over and goes on from the committed offsets: nothing is missing, and
 * the two never read at once.
 */
@EnableKubernetesMockClient(crud = true)
class LeaseHandOverTest {
    private static final Pattern NUMBER = Pattern.compile("n=(\\d{8})");
    static KubernetesMockServer server;
    static KubernetesClient client;

    @TempDir
    Path dir;

    private Pipeline start(String pod, String bootstrap, Path out, KubernetesClient api) throws Exception {
        Map<String, Object> props = new HashMap<>();
        String p = "sluice.pipelines.reader.";
        props.put(p + "flow-control", "true");
        props.put(p + "sources.in.type", "kafka");
        props.put(p + "sources.in.bootstrap-servers", bootstrap);
        props.put(p + "sources.in.topics", "events");
        props.put(p + "sources.in.group-id", "readers");
        props.put(p + "sources.in.commit-interval", "200ms");
        props.put(p + "sources.in.leader-election.lease", "events-reader");
        props.put(p + "sources.in.leader-election.namespace", "sluice");
        props.put(p + "sources.in.leader-election.identity", pod);
        props.put(p + "sources.in.leader-election.lease-duration", "3s");
        props.put(p + "sources.in.leader-election.renew-deadline", "2s");
        props.put(p + "sources.in.leader-election.retry-period", "300ms");
        props.put(p + "destinations.out.type", "file");
        props.put(p + "destinations.out.path", out.toString());
        props.put(p + "destinations.out.template", "$MESSAGE\n");
        StandardEnvironment env = new StandardEnvironment();
        env.getPropertySources().addFirst(new MapPropertySource("test", props));
        PipelineFactory factory = new PipelineFactory(List.<DriverFactory<?>>of(new KafkaSourceFactory(), new FileDestinationFactory()),
                new DriverContext(TemplateCompiler.withBuiltins(), dir)).withKubernetes(() -> api);
        Pipeline pipeline = factory.build(ConfigLoader.load(env)).get(0);
        pipeline.startDestinations();
        for (SourceIngress s : pipeline.sources()) s.start();
        return pipeline;
    }

    private static LeaderElectedSource elected(Pipeline p) { return (LeaderElectedSource) p.sources().get(0).source(); }

    private static Map<Integer, Integer> numbers(Path... outs) throws Exception {
        Map<Integer, Integer> seen = new TreeMap<>();
        for (Path out : outs) {
            if (!Files.exists(out)) continue;
            Matcher m = NUMBER.matcher(Files.readString(out));
            while (m.find()) seen.merge(Integer.parseInt(m.group(1)), 1, Integer::sum);
        }
        return seen;
    }

    @Test
    void the_next_holder_goes_on_from_the_committed_offsets() throws Exception {
        try (TestKafka kafka = new TestKafka()) {
            kafka.createTopic("events", 2);
            KubernetesClient apiA = server.createClient(), apiB = server.createClient();
            Path outA = dir.resolve("a.log"), outB = dir.resolve("b.log");
            Pipeline a = start("pod-a", kafka.bootstrap(), outA, apiA);
            await().atMost(Duration.ofSeconds(10)).until(() -> elected(a).leading());
            Pipeline b = start("pod-b", kafka.bootstrap(), outB, apiB);
            AtomicBoolean both = new AtomicBoolean();
            Thread watch = Thread.ofPlatform().daemon(true).start(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    if (elected(a).leading() && elected(b).leading()) both.set(true);
                    Thread.onSpinWait();
                }
            });
            int total = 30_000;
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers", kafka.bootstrap()),
                    new StringSerializer(), new StringSerializer())) {
                for (int i = 0; i < 15_000; i++) producer.send(new ProducerRecord<>("events", Integer.toString(i), "n=%08d".formatted(i)));
                producer.flush();
                await().atMost(Duration.ofSeconds(30)).until(() -> numbers(outA).size() == 15_000);
                assertThat(numbers(outB)).as("the instance without the lease reads nothing").isEmpty();
                apiA.close(); // pod-a loses the API: it stops reading within the renew deadline, pod-b takes the lease
                await().atMost(Duration.ofSeconds(10)).until(() -> !elected(a).leading());
                for (int i = 15_000; i < total; i++) producer.send(new ProducerRecord<>("events", Integer.toString(i), "n=%08d".formatted(i)));
                producer.flush();
                await().atMost(Duration.ofSeconds(30)).until(() -> elected(b).leading());
                await().atMost(Duration.ofSeconds(60)).until(() -> numbers(outA, outB).size() == total);
            } finally {
                watch.interrupt();
                a.stop();
                b.stop();
                apiB.close();
            }
            Map<Integer, Integer> seen = numbers(outA, outB);
            int duplicates = seen.values().stream().mapToInt(c -> c - 1).sum();
            System.out.printf("lease hand-over: %d records, %d missing, %d duplicates, pod-b read %d%n", total, total - seen.size(),
                    duplicates, numbers(outB).size());
            assertThat(seen).hasSize(total);
            assertThat(numbers(outB).keySet()).as("pod-b read what came after the hand-over, from where pod-a's commits ended")
                    .contains(15_000, total - 1).allMatch(n -> n >= 15_000 - 5_000);
            assertThat(both).as("both instances held the lease at once").isFalse();
        }
    }
}
