package dev.sluice.deploy;

import dev.sluice.it.TestPorts;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The image's checks without Docker: {@code java -jar target/sluice.jar} (built before the tests)
 * with the JVM flags and environment the Dockerfile sets, read from the Dockerfile itself, and
 * the configuration in a directory standing in for /config.
 */
class PackagedJarTest {
    @Test
    void the_packaged_jar_runs_with_the_images_flags_takes_messages_reloads_and_reports_health() throws Exception {
        Path jar = Path.of("target/sluice.jar").toAbsolutePath();
        assertThat(jar).as("built in process-test-classes").exists();
        Path root = Files.createDirectories(Path.of("target/packaged").toAbsolutePath());
        Path config = Files.createDirectories(root.resolve("config"));
        Files.writeString(config.resolve("application.yaml"), ImageScenario.CONFIG.replace("port: 5514", "port: " + syslogPort));
        Path tmp = Files.createDirectories(root.resolve("tmp"));
        Path log = root.resolve("out.log");

        String dockerfile = Files.readString(Path.of("Dockerfile"));
        String jit = Path.of("target/jit").toAbsolutePath().toString();
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        for (String flag : env(dockerfile, "SLUICE_JVM_FLAGS").split(" ")) cmd.add(flag.replace("/opt/sluice/jit", jit));
        cmd.addAll(List.of("-jar", jar.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = pb.environment();
        env.put("JAVA_TOOL_OPTIONS", env(dockerfile, "JAVA_TOOL_OPTIONS").replace("/tmp/sluice", tmp.toString()));
        env.put("SPRING_CONFIG_ADDITIONAL_LOCATION", env(dockerfile, "SPRING_CONFIG_ADDITIONAL_LOCATION").replace("/config/", config + "/"));
        env.put("SLUICE_STATE_DIR", Files.createDirectories(root.resolve("state")).toString());
        env.put("SLUICE_PYTHON_PATH", Files.createDirectories(root.resolve("python")).toString());
        env.put("SLUICE_MANAGEMENT_TOKEN", ImageScenario.TOKEN);
        env.put("SLUICE_MANAGEMENT_PORT", Integer.toString(managementPort));
        env.put("SLUICE_HTTP_PORT", Integer.toString(TestPorts.free()));
        Process p = pb.start();
        try {
            ImageScenario.run("127.0.0.1", syslogPort, managementPort);
            assertThat(Files.readString(log)).contains("IMAGE-TEST hello from the image test");
            // The runtime report comes from a background thread once the Python engine is up.
            await().atMost(Duration.ofSeconds(120)).until(() -> Files.readString(log).contains("Python runtime:"));
            assertThat(Files.readString(log)).contains("Python runtime: GraalVM").contains("optimizing JIT active");
        } finally {
            p.destroy();
            p.waitFor();
        }
    }

    private final int syslogPort = TestPorts.free();
    private final int managementPort = TestPorts.free();

    /** The value of {@code NAME="…"} in the Dockerfile's ENV. */
    private static String env(String dockerfile, String name) {
        Matcher m = Pattern.compile(name + "=\"?([^\"\\n\\\\]*)").matcher(dockerfile);
        assertThat(m.find()).as("%s in the Dockerfile", name).isTrue();
        return m.group(1).trim();
    }
}
