package dev.sluice.driver.file;

import dev.sluice.config.ConfigLoader;
import dev.sluice.driver.DriverContext;
import dev.sluice.driver.DriverFactory;
import dev.sluice.pipeline.Pipeline;
import dev.sluice.pipeline.PipelineFactory;
import dev.sluice.pipeline.SourceIngress;
import dev.sluice.state.StateStore;
import dev.sluice.template.TemplateCompiler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The file source follows a glob of files through logrotate's two ways (rename and copytruncate)
 * and a restart of the pipeline: every numbered line arrives exactly once.
 */
class FileSourceTest {
    private static final Pattern NUMBER = Pattern.compile("n=(\\d{6})");
    /** Lines of the second file the glob matches. */
    private static final int OTHER = 500;

    @TempDir
    Path dir;

    private Pipeline start(StateStore state, Path out) throws Exception {
        StandardEnvironment env = new StandardEnvironment();
        env.getPropertySources().addFirst(new MapPropertySource("test", Map.of(
                "sluice.pipelines.tail.flow-control", "true",
                "sluice.pipelines.tail.sources.logs.type", "file",
                "sluice.pipelines.tail.sources.logs.path", dir.resolve("logs") + "/app*.log",
                "sluice.pipelines.tail.sources.logs.follow-freq", "50ms",
                "sluice.pipelines.tail.sources.logs.flags", "no-parse",
                "sluice.pipelines.tail.destinations.out.type", "file",
                "sluice.pipelines.tail.destinations.out.path", out.toString(),
                "sluice.pipelines.tail.destinations.out.template", "${FILE_NAME} $MSG\n")));
        PipelineFactory factory = new PipelineFactory(List.<DriverFactory<?>>of(new FileSourceFactory(), new FileDestinationFactory()),
                new DriverContext(TemplateCompiler.withBuiltins(), dir, state));
        Pipeline pipeline = factory.build(ConfigLoader.load(env)).get(0);
        pipeline.startDestinations();
        for (SourceIngress s : pipeline.sources()) s.start();
        return pipeline;
    }

    private static void append(Path file, int from, int to) throws IOException {
        StringBuilder b = new StringBuilder();
        for (int i = from; i < to; i++) b.append("line n=").append(String.format("%06d", i)).append(" some text\n");
        Files.writeString(file, b, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private static Map<Integer, Integer> numbers(Path out) throws IOException {
        Map<Integer, Integer> seen = new TreeMap<>();
        if (!Files.exists(out)) return seen;
        Matcher m = NUMBER.matcher(Files.readString(out));
        while (m.find()) seen.merge(Integer.parseInt(m.group(1)), 1, Integer::sum);
        return seen;
    }

    /** Waits for app.log's lines 0 … n-1 and the other file's 500. */
    private static void awaitAll(Path out, int n) throws IOException {
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> numbers(out).size() == n + OTHER);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            Map<Integer, Integer> seen = numbers(out);
            List<Integer> missing = new java.util.ArrayList<>();
            for (int i = 0; i < n && missing.size() < 20; i++) if (!seen.containsKey(i)) missing.add(i);
            throw new AssertionError(seen.size() + " of " + (n + OTHER) + " lines arrived; missing for example " + missing, e);
        }
    }

    @Test
    void rotation_by_rename_and_by_copytruncate_and_a_restart_lose_and_repeat_nothing() throws Exception {
        Path logs = Files.createDirectories(dir.resolve("logs"));
        Path app = logs.resolve("app.log");
        Path out = dir.resolve("out.log");
        append(app, 0, 2000);
        append(logs.resolve("app-other.log"), 100_000, 100_500); // a second file the glob matches
        try (StateStore state = StateStore.open(dir.resolve("state"), StateStore.Settings.DEFAULT)) {
            Pipeline p = start(state, out);
            try {
                awaitAll(out, 2000);
                // logrotate's default: rename, then a new file; lines written to the old one just before still come
                append(app, 2000, 2500);
                Files.move(app, logs.resolve("app.log.1"));
                append(logs.resolve("app.log.1"), 2500, 2600);
                append(app, 2600, 3000);
                awaitAll(out, 3000);
                // copytruncate: the file copied away and emptied in place, then written again
                Path copy = logs.resolve("app.log.2");
                Files.copy(app, copy);
                try (var ch = java.nio.channels.FileChannel.open(app, StandardOpenOption.WRITE)) {
                    ch.truncate(0);
                }
                Thread.sleep(200); // the source sees the file shorter before it grows again
                append(app, 3000, 3200);
                awaitAll(out, 3200);
            } finally {
                p.stop();
            }
            // written while stopped: the restart resumes after the last delivered line
            append(app, 3200, 4000);
            Pipeline again = start(state, out);
            try {
                awaitAll(out, 4000);
            } finally {
                again.stop();
            }
        }
        Map<Integer, Integer> seen = numbers(out);
        assertThat(seen).hasSize(4000 + OTHER);
        assertThat(seen.values()).as("duplicates").allMatch(c -> c == 1);
        assertThat(Files.readAllLines(out)).allMatch(l -> l.startsWith(logs.toString()));
    }

    @Test
    void a_file_renamed_away_while_stopped_is_found_again_and_read_on_before_the_new_one() throws Exception {
        Path logs = Files.createDirectories(dir.resolve("logs"));
        Path app = logs.resolve("app.log");
        Path out = dir.resolve("out.log");
        append(app, 0, 1000);
        append(logs.resolve("app-other.log"), 100_000, 100_500);
        try (StateStore state = StateStore.open(dir.resolve("state"), StateStore.Settings.DEFAULT)) {
            Pipeline p = start(state, out);
            try {
                awaitAll(out, 1000);
            } finally {
                p.stop();
            }
            // while stopped: more lines, then logrotate renames the file and a new one starts
            append(app, 1000, 1500);
            Files.move(app, logs.resolve("app.log.1"));
            append(app, 1500, 2000);
            Pipeline again = start(state, out);
            try {
                awaitAll(out, 2000);
                // the renamed file's own key goes once it was read to its end and delivered
                await().atMost(Duration.ofSeconds(15)).until(() -> state.keys("file-source/").stream().noneMatch(k -> k.contains("@")));
            } finally {
                again.stop();
            }
        }
        Map<Integer, Integer> seen = numbers(out);
        assertThat(seen).hasSize(2000 + OTHER);
        assertThat(seen.values()).as("duplicates").allMatch(c -> c == 1);
        List<String> lines = Files.readAllLines(out);
        assertThat(lines.indexOf(lines.stream().filter(l -> l.contains("n=001499")).findFirst().orElseThrow()))
                .as("the old file's last line comes before the new file's first")
                .isLessThan(lines.indexOf(lines.stream().filter(l -> l.contains("n=001500")).findFirst().orElseThrow()));
    }
}
