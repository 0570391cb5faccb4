package dev.sluice.python;

import dev.sluice.config.ConfigLoader;
import dev.sluice.config.DriverAliases;
import dev.sluice.config.SluiceConfig;
import dev.sluice.driver.DriverContext;
import dev.sluice.driver.DriverFactory;
import dev.sluice.pipeline.PipelineFactory;
import dev.sluice.pipeline.PipelineManager;
import dev.sluice.state.StateStore;
import dev.sluice.template.BuiltinFunctions;
import dev.sluice.template.TemplateCompiler;
import dev.sluice.template.TemplateFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.FileSystemResource;
import org.springframework.util.FileSystemUtils;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Which interpreter a Python driver runs in (src/test/resources/python/interpreters.py counts in
 * module globals what its interpreter saw): one per driver instance by default, kept across
 * reloads and closed when its driver goes; one for all with {@code interpreter: shared}; the
 * workers of a destination or a parser in interpreters of their own, inside their calls at the same time; ack
 * callbacks once per bookmark while two workers acknowledge out of order.
 */
class PythonInterpretersTest {
    private static final Path DIR = Path.of("target/interpreters").toAbsolutePath();
    private static final Path MODULES = Path.of("src/test/resources/python").toAbsolutePath();
    private static final List<AutoCloseable> closing = new ArrayList<>();
    private static PythonHost perDriver, shared;
    private PipelineManager running;

    @BeforeAll
    static void hosts() throws Exception {
        FileSystemUtils.deleteRecursively(DIR);
        perDriver = TestPython.host(); // the default, per driver: the engine the other Python tests of this JVM use
        shared = host("shared", PythonHost.Interpreter.SHARED);
    }

    private static PythonHost host(String name, PythonHost.Interpreter mode) throws Exception {
        StateStore state = StateStore.open(DIR.resolve(name).resolve("state"), StateStore.Settings.DEFAULT);
        PythonHost host = new PythonHost(DIR.resolve(name), List.of(MODULES.toString()),
                new PythonBridge(new PersistStore(state), TemplateCompiler::withBuiltins), false, mode);
        closing.add(host);
        closing.add(state);
        return host;
    }

    @AfterEach
    void stopPipelines() {
        if (running != null) running.stop();
    }

    @AfterAll
    static void close() throws Exception {
        for (AutoCloseable c : closing) c.close();
    }

    private PipelineManager start(PythonHost host, String yaml) throws Exception {
        List<TemplateFunction> functions = new ArrayList<>(BuiltinFunctions.all());
        functions.add(new PythonTemplateFunction(host));
        List<DriverFactory<?>> factories = List.of(new PythonFetcherFactory(host), new PythonParserFactory(host),
                new PythonDestinationFactory(host));
        PipelineFactory factory = new PipelineFactory(factories, new DriverContext(new TemplateCompiler(functions), DIR));
        SluiceConfig config = config(yaml);
        host.setInlineCode(config.pythonCode());
        running = new PipelineManager(factory, config, new DriverAliases(Map.of()), host);
        running.start();
        return running;
    }

    private static SluiceConfig config(String yaml) throws Exception {
        Path file = Files.createTempFile(Files.createDirectories(DIR), "config", ".yaml");
        Files.writeString(file, yaml);
        StandardEnvironment env = new StandardEnvironment();
        for (PropertySource<?> ps : new YamlPropertySourceLoader().load(file.toString(), new FileSystemResource(file))) {
            env.getPropertySources().addFirst(ps);
        }
        return ConfigLoader.load(env);
    }

    /** A Python expression evaluated in the interpreter of {@code driver} (its instance id). */
    private static String in(PythonHost host, String driver, String expression) {
        return host.context(driver).eval("import interpreters\nrepr(" + expression + ")");
    }

    private static String chain(String pipeline, String parserOptions) {
        return """
                sluice:
                  python:
                    code: |
                      generation_marker = "%1$s"
                  pipelines:
                    %1$s:
                      sources:
                        src: {type: python-fetcher, class: interpreters.Numbers, options: {count: 5}, persist-name: %1$s}
                      parsers:
                        - {type: python, class: interpreters.Counting, options: {%2$s}}
                      destinations:
                        dst: {type: python, class: interpreters.Observer, persist-name: %1$s}
                """.formatted(pipeline, parserOptions);
    }

    @Test
    void module_globals_are_per_driver_by_default() throws Exception {
        start(perDriver, chain("own", "generation: 1"));
        await().atMost(Duration.ofSeconds(30)).until(() -> in(perDriver, "own.dst", "len(interpreters.seen_parsed)").equals("5"));
        // The destination's interpreter never ran the parser: its counter is still 0.
        assertThat(in(perDriver, "own.dst", "interpreters.seen_parsed")).isEqualTo("[0, 0, 0, 0, 0]");
        assertThat(in(perDriver, "own.parser[0]", "interpreters.parsed")).isEqualTo("5");
        for (String driver : List.of("own.src", "own.parser[0]", "own.dst")) {
            assertThat(in(perDriver, driver, "interpreters.inits")).as(driver).isEqualTo("1");
            assertThat(perDriver.context(driver).eval("import _syslogng_main\n_syslogng_main.generation_marker"))
                    .as("the inline code ran in %s's interpreter", driver).isEqualTo("own");
        }
    }

    @Test
    void module_globals_are_shared_by_every_driver_with_interpreter_shared() throws Exception {
        start(shared, chain("one", "generation: 1"));
        await().atMost(Duration.ofSeconds(30)).until(() -> in(shared, "one.dst", "len(interpreters.seen_parsed)").equals("5"));
        // As in syslog-ng's single interpreter: the destination reads the parser's counter.
        assertThat(in(shared, "one.dst", "all(n > 0 for n in interpreters.seen_parsed)")).isEqualTo("True");
        assertThat(in(shared, "one.dst", "interpreters.inits")).as("fetcher, parser and destination in one").isEqualTo("3");
        assertThat(shared.interpreterIds()).hasSize(1);
    }

    @Test
    void a_reload_keeps_each_drivers_module_state_and_closes_the_interpreters_of_removed_drivers() throws Exception {
        PipelineManager m = start(perDriver, chain("kept", "generation: 1") + """
                    gone:
                      sources:
                        src: {type: python-fetcher, class: interpreters.Numbers, options: {count: 1}, persist-name: gone}
                      destinations:
                        dst: {type: python, class: interpreters.Accept, persist-name: gone}
                """);
        await().atMost(Duration.ofSeconds(30)).until(() -> in(perDriver, "kept.parser[0]", "interpreters.parsed").equals("5"));
        assertThat(perDriver.interpreterIds()).contains("gone.src", "gone.dst");

        // The parser's options change, so it is built again: in the same interpreter, whose module kept its counts.
        m.reload(config(chain("kept", "generation: 2")), new DriverAliases(Map.of()), false);
        assertThat(in(perDriver, "kept.parser[0]", "interpreters.inits")).as("init() again, same module").isEqualTo("2");
        assertThat(in(perDriver, "kept.parser[0]", "interpreters.parsed")).isEqualTo("5");
        assertThat(in(perDriver, "kept.dst", "interpreters.inits")).as("the unchanged destination was kept").isEqualTo("1");
        assertThat(perDriver.interpreterIds()).doesNotContain("gone.src", "gone.dst").contains("kept.src", "kept.parser[0]", "kept.dst");
    }

    @Test
    void destination_workers_run_in_interpreters_of_their_own_inside_send_at_once() throws Exception {
        Path meet = Files.createDirectories(DIR.resolve("rendezvous"));
        start(perDriver, """
                sluice:
                  pipelines:
                    w:
                      sources:
                        src: {type: python-fetcher, class: interpreters.Numbers, options: {count: 30}, persist-name: w}
                      destinations:
                        dst: {type: python, class: interpreters.Rendezvous, options: {dir: "%s", workers: 3}, workers: 3, batch-lines: 1}
                """.formatted(meet));
        for (String worker : List.of("w.dst", "w.dst#1", "w.dst#2")) {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(in(perDriver, worker, "interpreters.inside_at_once")).as(worker).isEqualTo("3"));
            assertThat(in(perDriver, worker, "interpreters.inits")).as("%s alone in its interpreter", worker).isEqualTo("1");
        }
    }

    @Test
    void parser_workers_run_in_interpreters_of_their_own_inside_parse_at_once() throws Exception {
        Path meet = Files.createDirectories(DIR.resolve("parser-rendezvous"));
        start(perDriver, """
                sluice:
                  pipelines:
                    pw:
                      sources:
                        src: {type: python-fetcher, class: interpreters.Numbers, options: {count: 30}, persist-name: pw}
                      parsers:
                        - {type: python, class: interpreters.RendezvousParser, options: {dir: "%s", workers: 2}, workers: 2}
                      destinations:
                        dst: {type: python, class: interpreters.Accept, persist-name: pw}
                """.formatted(meet));
        for (String worker : List.of("pw.parser[0]", "pw.parser[0]#1")) {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(in(perDriver, worker, "interpreters.inside_at_once")).as(worker).isEqualTo("2"));
            assertThat(in(perDriver, worker, "interpreters.inits")).as("%s alone in its interpreter", worker).isEqualTo("1");
        }
    }

    @Test
    void ack_callbacks_arrive_once_per_bookmark_while_two_workers_acknowledge() throws Exception {
        int n = 20_000;
        start(perDriver, """
                sluice:
                  pipelines:
                    acks:
                      flow-control: true
                      sources:
                        src: {type: python-fetcher, class: interpreters.Numbers, options: {count: %d, acks: yes}, log-iw-size: 500, persist-name: acks}
                      destinations:
                        dst: {type: python, class: interpreters.Accept, workers: 2, batch-lines: 7, persist-name: acks}
                """.formatted(n));
        await().atMost(Duration.ofSeconds(60)).until(() -> in(perDriver, "acks.src", "len(interpreters.acked)").equals(String.valueOf(n)));
        assertThat(in(perDriver, "acks.src", "(len(set(interpreters.acked)), sorted(interpreters.acked) == list(range(%d)))".formatted(n)))
                .as("each bookmark once, none missing").isEqualTo("(" + n + ", True)");
    }
}
