package dev.sluice.config;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The real service, started as a child JVM, refuses a bad configuration with exit status 2 and says why. */
class StartupFailureTest {

    private static Result start(Path config) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add("dev.sluice.SluiceApplication");
        cmd.add("--spring.config.additional-location=file:" + config.toAbsolutePath());
        cmd.add("--server.port=0");
        cmd.add("--management.server.port=0");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), out);
    }

    record Result(int exit, String output) {}

    @Test
    void typo_fails_startup_with_status_2_and_one_clear_message() throws Exception {
        Path config = Files.createTempFile(Path.of("target"), "typo", ".yaml");
        Files.writeString(config, """
                sluice:
                  pipelines:
                    web:
                      sources:
                        in: {type: tcp, port: 0, max-conections: 5}
                      destinations:
                        out: {type: stdout}
                """);
        Result r = start(config);
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.output()).contains("pipeline 'web', driver 'in', key 'max-conections'").contains("unknown key for driver type 'tcp'");
    }

    @Test
    void port_taken_by_another_process_fails_startup_naming_the_driver() throws Exception {
        try (ServerSocket taken = new ServerSocket(0)) {
            Path config = Files.createTempFile(Path.of("target"), "clash", ".yaml");
            Files.writeString(config, """
                    sluice:
                      pipelines:
                        web:
                          sources:
                            in: {type: tcp, port: %d}
                          destinations:
                            out: {type: stdout}
                    """.formatted(taken.getLocalPort()));
            Result r = start(config);
            assertThat(r.exit()).isEqualTo(2);
            assertThat(r.output()).contains("pipeline 'web', driver 'in', key 'port'").contains("cannot start source");
        }
    }
}
