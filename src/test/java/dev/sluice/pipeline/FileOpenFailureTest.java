package dev.sluice.pipeline;

import dev.sluice.config.ConfigNode;
import dev.sluice.driver.Destination;
import dev.sluice.driver.DriverContext;
import dev.sluice.driver.DriverRole;
import dev.sluice.driver.DriverSpec;
import dev.sluice.driver.file.FileDestinationFactory;
import dev.sluice.message.LogMessage;
import dev.sluice.template.TemplateCompiler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code path: out/$PROGRAM.log} where one program's file cannot be opened (a directory has its
 * name): that program's messages are dropped and counted, every other program's line reaches its
 * file, and only what was written is acknowledged (it used to close every file and ack their lines unwritten).
 */
class FileOpenFailureTest {
    @Test
    void one_unopenable_path_fails_only_its_own_messages(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("out");
        Files.createDirectories(out.resolve("broken.log")); // a directory where the file would be
        DriverSpec spec = new DriverSpec("p", "files", DriverRole.DESTINATION, "file", Map.of(
                "path", new ConfigNode(out + "/$PROGRAM.log", "test"), "template", new ConfigNode("$MESSAGE\n", "test")), "test");
        Destination file = new FileDestinationFactory().create(spec, new DriverContext(TemplateCompiler.withBuiltins(), dir));
        var settings = new DestinationWorker.Settings(100_000, 100, Duration.ofMillis(50), 3, Duration.ofMillis(50), Duration.ofSeconds(5));
        DestinationWorker w = new DestinationWorker("p.files", List.of(file), settings, new MemoryQueue(Integer.MAX_VALUE), new DriverCounters());
        w.start();
        int n = 20_000;
        DestinationKit.Acks acks = new DestinationKit.Acks(n);
        try {
            for (int i = 0; i < n; i++) {
                LogMessage m = DestinationKit.numbered(i, acks);
                m.setProgram(i % 100 == 0 ? "broken" : "app" + (i % 3));
                w.enqueue(m);
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> acks.acked() == n);
        } finally {
            w.stop();
        }
        acks.assertEachExactlyOnce();
        long lines = 0;
        for (int p = 0; p < 3; p++) lines += Files.readAllLines(out.resolve("app" + p + ".log")).size();
        assertThat(lines).isEqualTo(n - n / 100);
        assertThat(acks.count(acks.delivered)).isEqualTo(n - n / 100);
        assertThat(w.counters().written.sum()).isEqualTo(n - n / 100);
        assertThat(w.counters().dropped("open-failed")).isEqualTo(n / 100);
        assertThat(w.counters().errors.sum()).isEqualTo(n / 100);
        assertThat(w.health().lastError()).contains("broken.log");
    }
}
