package dev.sluice.it;

import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** SIGTERM with a queue behind a slow destination: sources stop, the queue drains, deinit runs, the process exits. */
class GracefulShutdownTest {
    @Test
    void sigterm_drains_the_queues_closes_the_drivers_and_exits() throws Exception {
        Path dir = Files.createDirectories(Path.of("target/shutdown")).toAbsolutePath();
        Path out = dir.resolve("out.log");
        Files.deleteIfExists(out);
        int port = TestPorts.free();
        try (ServiceProcess p = ServiceProcess.start("""
                sluice:
                  python:
                    path: [%s]
                  pipelines:
                    main:
                      flow-control: true
                      sources:
                        in: {type: tcp, ip: 127.0.0.1, port: %d}
                      destinations:
                        slow: {type: python, class: slowdest.SlowFile, options: {path: "%s"}, drain-timeout: 20s}
                """.formatted(Path.of("src/test/resources/python").toAbsolutePath(), port, out))) {
            await().atMost(Duration.ofSeconds(90)).ignoreExceptions().until(() -> {
                new Socket("127.0.0.1", port).close();
                return true;
            });
            try (Socket s = new Socket("127.0.0.1", port)) {
                OutputStream o = s.getOutputStream();
                for (int i = 0; i < 2000; i++) o.write(("<13>Nov 23 10:00:00 host app: m" + i + "\n").getBytes(StandardCharsets.UTF_8));
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(out) && Files.size(out) > 0);
            long t0 = System.nanoTime();
            int status = p.terminate();
            double seconds = (System.nanoTime() - t0) / 1e9;
            assertThat(Files.readAllLines(out)).as("everything queued at SIGTERM was delivered").hasSize(2000);
            assertThat(p.output()).contains("slowdest deinit").contains("Pipeline main stopped");
            assertThat(status).as("JVM exit status after SIGTERM").isIn(0, 143);
            assertThat(seconds).as("within a Kubernetes grace period").isLessThan(30);
        }
    }
}
