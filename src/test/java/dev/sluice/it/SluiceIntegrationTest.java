package dev.sluice.it;

import dev.sluice.SluiceApplication;
import dev.sluice.pipeline.DestinationWorker;
import dev.sluice.pipeline.Pipeline;
import dev.sluice.pipeline.PipelineManager;
import dev.sluice.pipeline.SourceIngress;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.sluice.message.Utf8;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

import static org.awaitility.Awaitility.await;

/**
 * Base of the tests that run the whole service: one Spring context (see application-it.yaml) with
 * real sockets on loopback, shared by every subclass.
 */
@SpringBootTest(classes = SluiceApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "management.server.port=0")
@ActiveProfiles("it")
public abstract class SluiceIntegrationTest {
    static {
        // Output files and Persist values of an earlier run would satisfy this run's waits: start from nothing.
        org.springframework.util.FileSystemUtils.deleteRecursively(Path.of("target/it").toFile());
        org.springframework.util.FileSystemUtils.deleteRecursively(Path.of("target/it-state/state").toFile());
        org.springframework.util.FileSystemUtils.deleteRecursively(Path.of("target/it-state/buffers").toFile());
    }

    @Autowired
    protected PipelineManager pipelines;

    @LocalServerPort
    protected int httpPort;

    @LocalManagementPort
    protected int managementPort;

    @DynamicPropertySource
    static void ports(DynamicPropertyRegistry registry) {
        TestPorts.PORTS.forEach((name, port) -> registry.add("it.port." + name, () -> port));
    }

    protected static int port(String name) { return TestPorts.port(name); }

    protected SourceIngress source(String pipeline, String name) {
        Pipeline p = pipelines.pipeline(pipeline);
        return p.sources().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
    }

    protected DestinationWorker destination(String pipeline, String name) {
        Pipeline p = pipelines.pipeline(pipeline);
        return p.destinations().stream().filter(d -> d.id().equals(pipeline + "." + name)).findFirst().orElseThrow();
    }

    protected static List<String> lines(Path file) {
        try {
            // lossless: invalid UTF-8 that was received is written out unchanged, and reads back as escape surrogates
            return Files.exists(file) ? Utf8.decode(Files.readAllBytes(file)).lines().toList() : List.of();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Waits until a line of the file matches, and returns it. */
    protected static String awaitLine(Path file, Predicate<String> match) {
        String[] found = new String[1];
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).until(() -> {
            for (String l : lines(file)) {
                if (match.test(l)) {
                    found[0] = l;
                    return true;
                }
            }
            return false;
        });
        return found[0];
    }

    /** Runs a command, failing the test if it exits non-zero. */
    protected static void run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
    }

    protected static boolean onPath(String binary) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(dir, binary))) return true;
        }
        return Files.isExecutable(Path.of("/usr/sbin", binary));
    }
}
