package dev.sluice.it;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole service tailing a file that logrotate renames mid-stream, killed with {@code kill -9}
 * while lines keep coming: after the restart every line is delivered, the duplicates being only
 * the few written but not yet acknowledged at the kill.
 */
class FileTailCrashTest {
    private static final int TOTAL = 100_000;
    private static final Pattern LINE = Pattern.compile("app n=(\\d{6})");

    @Test
    void rotation_and_kill_minus_9_lose_no_line() throws Exception {
        Path dir = Files.createDirectories(Path.of("target/file-tail-crash")).toAbsolutePath();
        Path logs = dir.resolve("logs"), out = dir.resolve("out.log"), state = dir.resolve("state");
        for (Path p : List.of(logs, state)) if (Files.exists(p)) try (var s = Files.walk(p)) {
            for (Path f : s.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(f);
        }
        Files.createDirectories(logs);
        Files.deleteIfExists(out);
        Path app = logs.resolve("app.log");
        String config = """
                sluice:
                  pipelines:
                    tail:
                      flow-control: true
                      sources:
                        logs: {type: file, path: %s, follow-freq: 100ms, flags: [no-parse]}
                      destinations:
                        out: {type: file, path: %s, template: "$MESSAGE\\n"}
                """.formatted(app, out);
        String stateArg = "--sluice.state-dir=" + state;
        append(app, 0, 40_000);
        int duplicates, missing;
        try (ServiceProcess first = ServiceProcess.start(config, stateArg)) {
            first.await(() -> seen(out).firstMissing() >= 20_000, "20000 lines");
            Files.move(app, logs.resolve("app.log.1")); // logrotate's default, with the writer going on in the new file
            append(app, 40_000, 60_000);
            first.await(() -> seen(out).firstMissing() >= 45_000, "the rotated file and some of the new one");
            first.close(); // SIGKILL
            first.awaitExit();
        }
        append(app, 60_000, TOTAL); // written while the service is down
        try (ServiceProcess second = ServiceProcess.start(config, stateArg)) {
            second.await(() -> seen(out).firstMissing() >= TOTAL, "every line");
            Seen s = seen(out);
            duplicates = s.duplicates;
            missing = s.missing(TOTAL);
        }
        System.out.printf("file tail crash: %d lines, %d duplicates, %d missing%n", TOTAL, duplicates, missing);
        assertThat(missing).isZero();
        assertThat(duplicates).as("only what was in flight at the kill comes twice").isLessThan(20_000);
    }

    private static void append(Path file, int from, int to) throws Exception {
        StringBuilder b = new StringBuilder();
        for (int i = from; i < to; i++) b.append("<13>Oct 11 22:14:15 host app n=").append(String.format("%06d", i)).append('\n');
        Files.writeString(file, b, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private record Seen(boolean[] lines, int duplicates) {
        int firstMissing() {
            for (int i = 0; i < lines.length; i++) if (!lines[i]) return i;
            return lines.length;
        }

        int missing(int n) {
            int m = 0;
            for (int i = 0; i < n; i++) if (!lines[i]) m++;
            return m;
        }
    }

    private static Seen seen(Path out) throws Exception {
        boolean[] s = new boolean[TOTAL];
        int dup = 0;
        if (Files.exists(out)) {
            Matcher m = LINE.matcher(Files.readString(out, StandardCharsets.UTF_8)); // a line torn by kill -9 does not match
            while (m.find()) {
                int n = Integer.parseInt(m.group(1));
                if (s[n]) dup++;
                s[n] = true;
            }
        }
        return new Seen(s, dup);
    }
}
