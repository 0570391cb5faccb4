package dev.sluice.python;

import dev.sluice.it.ServiceProcess;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Python driver lifecycles in the real service (a child JVM): the server-style source of the seed
 * prints its way through init/run/request_exit/deinit, and a driver that cannot start stops the
 * service with status 2 and a message naming pipeline, driver and class.
 */
class PythonLifecycleTest {
    private static final String FIXTURES = Path.of("src/test/resources/python").toAbsolutePath().toString();

    @Test
    void server_style_source_runs_and_stops_on_sigterm() throws Exception {
        Path out = Path.of("target/service-process/server-source.log").toAbsolutePath();
        Files.deleteIfExists(out);
        try (ServiceProcess p = ServiceProcess.start("""
                sluice:
                  python:
                    path: [%s]
                  pipelines:
                    srv:
                      flow-control: true
                      sources:
                        py: {type: python, class: serversource.MySource, options: {option1: value1, retries: 3, ratio: 0.5, enabled: true}}
                      destinations:
                        out: {type: file, path: "%s", template: "$TRANSPORT $MESSAGE\\n"}
                """.formatted(FIXTURES, out))) {
            await().atMost(Duration.ofSeconds(90)).until(() -> Files.exists(out) && Files.size(out) > 10_000);
            assertThat(Files.readAllLines(out).get(0)).isEqualTo("python this is a log message");
            assertThat(p.terminate()).isIn(0, 143);
            String printed = p.output();
            assertThat(printed).containsSubsequence("init\n", "{'option1': 'value1', 'retries': 3, 'ratio': 0.5, 'enabled': True}\n", "run\n",
                    "exit\n", "deinit\n");
        }
    }

    @Test
    void init_returning_false_fails_startup() throws Exception {
        try (ServiceProcess p = ServiceProcess.start("""
                sluice:
                  python:
                    code: |
                      from syslogng import LogDestination
                      class NotReady(LogDestination):
                          def init(self, options):
                              return False
                          def send(self, msg):
                              return True
                  pipelines:
                    app:
                      sources:
                        in: {type: tcp, port: 0}
                      destinations:
                        py: {type: python, class: NotReady}
                """)) {
            assertThat(p.awaitExit()).isEqualTo(2);
            assertThat(p.output()).contains("pipeline 'app', driver 'py': init failed: Error initializing Python driver object, init() returned FALSE (False or None); class='NotReady'");
        }
    }

    @Test
    void unknown_class_and_inline_syntax_error_fail_startup() throws Exception {
        try (ServiceProcess p = ServiceProcess.start("""
                sluice:
                  python:
                    path: [%s]
                  pipelines:
                    app:
                      sources:
                        in: {type: tcp, port: 0}
                      parsers:
                        - {type: python, class: myparser.NoSuchParser}
                      destinations:
                        out: {type: stdout}
                """.formatted(FIXTURES))) {
            assertThat(p.awaitExit()).isEqualTo(2);
            assertThat(p.output()).contains("pipeline 'app', driver 'parser[0]', key 'class'")
                    .contains("cannot resolve Python class 'myparser.NoSuchParser'").contains("NoSuchParser");
        }
        try (ServiceProcess p = ServiceProcess.start("""
                sluice:
                  python:
                    code: |
                      def broken(:
                          pass
                  pipelines:
                    app:
                      sources:
                        in: {type: tcp, port: 0}
                      destinations:
                        out: {type: file, path: /tmp/x, template: "$(python broken)"}
                """)) {
            assertThat(p.awaitExit()).isEqualTo(2);
            assertThat(p.output()).contains("sluice.python.code").contains("SyntaxError");
        }
    }
}
