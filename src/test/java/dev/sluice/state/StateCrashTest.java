package dev.sluice.state;

import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code kill -9} a process that writes state as fast as it can, at random moments, again and
 * again on the same directory: the store must open every time and hold every write the process
 * reported as done. (bench/state-crash-soak.sh runs the same with hundreds of trials.)
 */
class StateCrashTest {
    private static final Pattern ACK = Pattern.compile("((?:persist|bookmark)/\\S+) (\\d+)");
    static final int TRIALS = Integer.getInteger("sluice.crash.trials", 30);

    @Test
    void every_acknowledged_write_survives_kill_minus_9() throws Exception {
        Path dir = Files.createDirectories(Path.of("target/state-crash")).toAbsolutePath();
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).filter(p -> !p.equals(dir)).forEach(p -> p.toFile().delete());
        }
        Path output = dir.resolveSibling("state-crash.out");
        Map<String, Long> acked = new HashMap<>();
        long totalWrites = 0;
        for (int trial = 0; trial < TRIALS; trial++) {
            Process p = new ProcessBuilder(command(dir)).redirectError(ProcessBuilder.Redirect.INHERIT)
                    .redirectOutput(output.toFile()).start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!Files.readString(output).contains("READY") && p.isAlive() && System.nanoTime() < deadline) Thread.sleep(5);
            assertThat(Files.readString(output)).as("trial %d: child started", trial).contains("READY");
            Thread.sleep(ThreadLocalRandom.current().nextInt(20, 400));
            p.destroyForcibly(); // SIGKILL
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            for (String line : Files.readAllLines(output, StandardCharsets.UTF_8)) {
                Matcher m = ACK.matcher(line); // a line cut by the kill does not match
                if (!m.matches()) continue;
                acked.merge(m.group(1), Long.parseLong(m.group(2)), Math::max);
                totalWrites++;
            }
            try (StateStore store = StateStore.open(dir, new StateStore.Settings(Duration.ofSeconds(1), 16 * 1024))) {
                for (Map.Entry<String, Long> e : acked.entrySet()) {
                    byte[] v = store.get(e.getKey());
                    assertThat(v).as("trial %d: %s", trial, e.getKey()).isNotNull();
                    assertThat(StateStore.isLong(v) ? StateStore.longOf(v) : Long.parseLong(new String(v, StandardCharsets.UTF_8)))
                            .as("trial %d: %s holds the last acknowledged write", trial, e.getKey())
                            .isGreaterThanOrEqualTo(e.getValue());
                }
            }
        }
        assertThat(totalWrites).as("the writers made progress").isGreaterThan(TRIALS * 100L);
    }

    static List<String> command(Path dir) {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (arg.startsWith("--sun-misc") || arg.startsWith("--enable-native-access")) cmd.add(arg);
        }
        cmd.addAll(List.of("-XX:TieredStopAtLevel=1", "-Xshare:auto", "-cp", System.getProperty("java.class.path"),
                StateCrashWriter.class.getName(), dir.toString()));
        return cmd;
    }
}
