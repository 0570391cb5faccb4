package dev.sluice.it;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole service killed with {@code kill -9} in the middle of a stream: a Python fetcher that
 * keeps its position in Persist through a ConsecutiveAckTracker, a file destination behind a
 * reliable disk buffer. After the restart every message is delivered at least once, and the
 * fetcher resumes after the last message the pipeline had acknowledged.
 */
class ServiceCrashTest {
    private static final int TOTAL = 200_000;

    @Test
    void kill_minus_9_mid_stream_loses_nothing_and_resumes_at_the_acknowledged_position() throws Exception {
        Path dir = Files.createDirectories(Path.of("target/service-crash")).toAbsolutePath();
        Path out = dir.resolve("out.log");
        Path state = dir.resolve("state");
        Files.deleteIfExists(out);
        deleteTree(state);
        String config = """
                sluice:
                  python:
                    path: [%s]
                  pipelines:
                    crash:
                      flow-control: true
                      sources:
                        numbers: {type: python-fetcher, class: numbered.Numbered, options: {total: %d}, fetch-no-data-delay: 100ms}
                      destinations:
                        out:
                          type: file
                          path: %s
                          template: "$MESSAGE\\n"
                          disk-buffer: {reliable: true, max-size: 64MiB}
                """.formatted(Path.of("src/test/resources/python").toAbsolutePath(), TOTAL, out);
        String stateArg = "--sluice.state-dir=" + state;

        int beforeKill;
        try (ServiceProcess first = ServiceProcess.start(config, stateArg)) {
            beforeKill = awaitLines(out, 40_000, first);
            first.close(); // SIGKILL
            first.awaitExit();
        }
        // SIGKILL can stop a write mid-line: that fragment must stay a line of its own after the restart.
        byte[] atKill = Files.readAllBytes(out);
        int tornLine = atKill.length > 0 && atKill[atKill.length - 1] != '\n' ? countLines(atKill) : -1;
        int lineStart = lastIndexOf(atKill, (byte) '\n') + 1;
        String fragment = new String(atKill, lineStart, atKill.length - lineStart, StandardCharsets.UTF_8);
        int resumedAt;
        try (ServiceProcess second = ServiceProcess.start(config, stateArg)) {
            awaitLines(out, TOTAL, second);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (distinct(out) < TOTAL && System.nanoTime() < deadline) Thread.sleep(200);
            Matcher m = Pattern.compile("resuming at (\\d+)").matcher(second.output());
            assertThat(m.find()).as("the fetcher said where it resumed:\n%s", second.output()).isTrue();
            resumedAt = Integer.parseInt(m.group(1));
        }
        List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
        boolean[] seen = new boolean[TOTAL];
        int duplicates = 0;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (i == tornLine) {
                assertThat(line).as("the partial line left by kill -9, ended before new lines").isEqualTo(fragment);
                continue;
            }
            assertThat(line).matches("n=\\d+");
            int n = Integer.parseInt(line.substring(2));
            if (seen[n]) duplicates++;
            seen[n] = true;
        }
        int missing = 0;
        for (boolean s : seen) if (!s) missing++;
        int torn = tornLine < 0 ? 0 : 1;
        System.out.printf("service crash: %d lines before kill -9, resumed at %d, %d delivered in total, %d duplicates, %d missing, %d torn%n",
                beforeKill, resumedAt, lines.size() - torn, duplicates, missing, torn);
        assertThat(missing).as("messages never delivered").isZero();
        assertThat(resumedAt).as("the acknowledged position survived the crash").isPositive();
        assertThat(resumedAt).as("it cannot resume beyond what was durable").isLessThanOrEqualTo(TOTAL);
        assertThat(lines.size()).isEqualTo(TOTAL + duplicates + torn);
    }

    private static int awaitLines(Path file, int atLeast, ServiceProcess p) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        int n = 0;
        while (System.nanoTime() < deadline) {
            n = Files.exists(file) ? countLines(file) : 0;
            if (n >= atLeast) return n;
            Thread.sleep(100);
        }
        throw new AssertionError("only " + n + " of " + atLeast + " lines arrived; service output:\n" + p.output());
    }

    private static int lastIndexOf(byte[] b, byte x) {
        for (int i = b.length - 1; i >= 0; i--) if (b[i] == x) return i;
        return -1;
    }

    private static int countLines(Path file) throws Exception { return countLines(Files.readAllBytes(file)); }

    private static int countLines(byte[] b) {
        int n = 0;
        for (byte x : b) if (x == '\n') n++;
        return n;
    }

    private static long distinct(Path file) throws Exception {
        return Files.readAllLines(file, StandardCharsets.UTF_8).stream().filter(l -> l.startsWith("n=")).distinct().count();
    }

    private static void deleteTree(Path p) throws Exception {
        if (!Files.exists(p)) return;
        try (var s = Files.walk(p)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }
}
