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
import dev.sluice.python.PersistStore;
import dev.sluice.python.PythonBridge;
import dev.sluice.python.PythonFetcherFactory;
import dev.sluice.python.PythonHost;
import dev.sluice.state.StateStore;
import dev.sluice.template.TemplateCompiler;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
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
import java.util.Set;
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
 * the two never read at once. The same with a Python fetcher whose cursor the fetched API keeps.
 */
@EnableKubernetesMockClient(crud = true)
class LeaseHandOverTest {
    private static final Pattern NUMBER = Pattern.compile("n=(\\d{8})");
    static KubernetesMockServer server;
    static KubernetesClient client;

    @TempDir
    Path dir;

    private static PythonHost python;
    private static StateStore pythonState;

    @AfterAll
    static void closePython() throws Exception {
        if (python != null) python.close();
        if (pythonState != null) pythonState.close();
    }

    private static synchronized PythonHost python(Path dir) throws Exception {
        if (python == null) {
            pythonState = StateStore.open(dir.resolve("python-state"), StateStore.Settings.DEFAULT);
            python = new PythonHost(dir, List.of(Path.of("src/test/resources/python").toAbsolutePath().toString()),
                    new PythonBridge(new PersistStore(pythonState), TemplateCompiler::withBuiltins));
        }
        return python;
    }

    /** Pipeline "reader" of one pod: {@code source} (its options) under lease {@code lease}, into file {@code out}. */
    private Pipeline start(String pod, String lease, Map<String, Object> source, Path out, KubernetesClient api) throws Exception {
        Map<String, Object> props = new HashMap<>();
        String p = "sluice.pipelines.reader.";
        props.put(p + "flow-control", "true");
        source.forEach((k, v) -> props.put(p + "sources.in." + k, v));
        props.put(p + "sources.in.leader-election.lease", lease);
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
        List<DriverFactory<?>> factories = new ArrayList<>(List.of(new KafkaSourceFactory(), new FileDestinationFactory()));
        if ("python-fetcher".equals(source.get("type"))) factories.add(new PythonFetcherFactory(python(dir)));
        PipelineFactory factory = new PipelineFactory(factories, new DriverContext(TemplateCompiler.withBuiltins(), dir)).withKubernetes(() -> api);
        Pipeline pipeline = factory.build(ConfigLoader.load(env)).get(0);
        assertThat(pipeline.initDrivers()).isEmpty();
        assertThat(pipeline.initSources(Set.of())).isEmpty();
        pipeline.startDestinations();
        for (SourceIngress s : pipeline.sources()) s.start();
        return pipeline;
    }

    private static Map<String, Object> kafkaSource(String bootstrap) {
        return Map.of("type", "kafka", "bootstrap-servers", bootstrap, "topics", "events", "group-id", "readers", "commit-interval", "200ms");
    }

    /** Both instances' leadership, sampled without pause: whether they ever both ran the source. */
    private static AtomicBoolean watchForBoth(Pipeline a, Pipeline b, List<Thread> threads) {
        AtomicBoolean both = new AtomicBoolean();
        threads.add(Thread.ofPlatform().daemon(true).start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                if (elected(a).leading() && elected(b).leading()) both.set(true);
                Thread.onSpinWait();
            }
        }));
        return both;
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

    private static void stopAll(List<Thread> watch, KubernetesClient api, Pipeline... pipelines) {
        watch.forEach(Thread::interrupt);
        for (Pipeline p : pipelines) p.stop();
        api.close();
    }

    /** What the two pods wrote, counted and printed: missing, duplicated, and how much pod-b wrote. */
    private static Map<Integer, Integer> report(String what, int total, Path outA, Path outB) throws Exception {
        Map<Integer, Integer> seen = numbers(outA, outB);
        System.out.printf("%s: %d numbered, %d missing, %d duplicates, pod-b wrote %d%n", what, total, total - seen.size(),
                seen.values().stream().mapToInt(c -> c - 1).sum(), numbers(outB).size());
        return seen;
    }

    @Test
    void the_next_holder_goes_on_from_the_committed_offsets() throws Exception {
        try (TestKafka kafka = new TestKafka()) {
            kafka.createTopic("events", 2);
            KubernetesClient apiA = server.createClient(), apiB = server.createClient();
            Path outA = dir.resolve("a.log"), outB = dir.resolve("b.log");
            Pipeline a = start("pod-a", "events-reader", kafkaSource(kafka.bootstrap()), outA, apiA);
            await().atMost(Duration.ofSeconds(10)).until(() -> elected(a).leading());
            Pipeline b = start("pod-b", "events-reader", kafkaSource(kafka.bootstrap()), outB, apiB);
            List<Thread> watch = new ArrayList<>();
            AtomicBoolean both = watchForBoth(a, b, watch);
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
                stopAll(watch, apiB, a, b);
            }
            Map<Integer, Integer> seen = report("lease hand-over", total, outA, outB);
            assertThat(seen).hasSize(total);
            assertThat(numbers(outB).keySet()).as("pod-b read what came after the hand-over, from where pod-a's commits ended")
                    .contains(15_000, total - 1).allMatch(n -> n >= 15_000 - 5_000);
            assertThat(both).as("both instances held the lease at once").isFalse();
        }
    }

    @Test
    void a_python_fetcher_runs_on_the_holder_only_and_the_next_holder_goes_on_from_the_cursor_in_the_api() throws Exception {
        Path cursor = dir.resolve("api-cursor"), available = dir.resolve("api-available");
        Files.writeString(available, "5000");
        KubernetesClient apiA = server.createClient(), apiB = server.createClient();
        Path outA = dir.resolve("fa.log"), outB = dir.resolve("fb.log");
        Map<String, Object> fetcher = Map.of("type", "python-fetcher", "class", "handover.CursorFetcher", "fetch-no-data-delay", "50ms",
                "options.cursor", cursor.toString(), "options.available", available.toString());
        Map<String, Object> fetcherA = new HashMap<>(fetcher), fetcherB = new HashMap<>(fetcher);
        fetcherA.put("options.pod", "pod-a");
        fetcherB.put("options.pod", "pod-b");
        Pipeline a = start("pod-a", "api-fetcher", fetcherA, outA, apiA);
        await().atMost(Duration.ofSeconds(10)).until(() -> elected(a).leading());
        Pipeline b = start("pod-b", "api-fetcher", fetcherB, outB, apiB);
        List<Thread> watch = new ArrayList<>();
        AtomicBoolean both = watchForBoth(a, b, watch);
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> numbers(outA).size() == 5000);
            assertThat(numbers(outB)).as("the fetcher of the instance without the lease fetches nothing").isEmpty();
            apiA.close(); // pod-a loses the API: its fetcher stops within the renew deadline, pod-b's starts
            await().atMost(Duration.ofSeconds(10)).until(() -> !elected(a).leading());
            Files.writeString(available, "10000");
            await().atMost(Duration.ofSeconds(30)).until(() -> elected(b).leading());
            await().atMost(Duration.ofSeconds(30)).until(() -> numbers(outA, outB).size() == 10_000);
        } finally {
            stopAll(watch, apiB, a, b);
        }
        Map<Integer, Integer> seen = report("python fetcher hand-over", 10_000, outA, outB);
        assertThat(seen).hasSize(10_000).allSatisfy((n, count) -> assertThat(count).as("event %d", n).isEqualTo(1));
        assertThat(numbers(outA)).hasSize(5000);
        assertThat(Files.readString(outB)).contains("pod=pod-b").doesNotContain("pod=pod-a");
        assertThat(both).as("both fetchers ran at once").isFalse();
    }
}
