package dev.sluice.it;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Log paths in a running service (a child process on a configuration file the test rewrites):
 * a shared TCP source fed by {@code logger} through filtered, final and fallback paths; a shared
 * python-fetcher with a ConsecutiveAckTracker feeding two filtered paths, one flow-controlled and
 * slow; and reloads that change filters while numbered messages flow, losing none.
 */
class RoutingTest {
    private static final String TOKEN = "routing";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Path DIR = Path.of("target/routing").toAbsolutePath();
    private static final Path CONFIG = DIR.resolve("application.yaml");
    private static final int TRACKED = 3000;
    private static int port, managementPort;
    private static ServiceProcess service;

    private static String config(String errorsFilter, String numberedFilter) {
        return """
                sluice:
                  management: {token: %s}
                  python:
                    path: [%s]
                  sources:
                    net: {type: tcp, ip: 127.0.0.1, port: %d}
                    fetched: {type: python-fetcher, class: routing.Tracked, options: {total: %d, acks: "%s/acks.txt"}, log-iw-size: 100}
                  filters:
                    f_app: 'program("^rt-app$")'
                  pipelines:
                    errors:
                      sources: [net]
                      filter: '%s'
                      destinations: {out: {type: file, path: "%s/errors.log", template: "$PROGRAM $LEVEL $MSG\\n"}}
                    app:
                      sources: [net]
                      filter: 'filter(f_app)'
                      flags: [final]
                      destinations: {out: {type: file, path: "%s/app.log", template: "$PROGRAM $LEVEL $MSG\\n"}}
                    debug:
                      sources: [net]
                      filter: 'level(debug)'
                      destinations: {out: {type: file, path: "%s/debug.log", template: "$PROGRAM $LEVEL $MSG\\n"}}
                    numbered:
                      sources: [net]
                      filter: '%s'
                      flags: [final]
                      destinations: {out: {type: file, path: "%s/numbered.log", template: "$MSG\\n"}}
                    rest:
                      sources: [net]
                      flags: [fallback]
                      destinations: {out: {type: file, path: "%s/rest.log", template: "$PROGRAM $LEVEL $MSG\\n"}}
                    even:
                      sources: [fetched]
                      filter: 'match("[02468]$" value("seq"))'
                      destinations: {out: {type: file, path: "%s/even.log", template: "$MSG\\n"}}
                    fives:
                      sources: [fetched]
                      flow-control: true
                      filter: 'match("[05]$" value("seq"))'
                      destinations: {out: {type: python, class: slowdest.SlowFile, options: {path: "%s/fives.log"}}}
                """.formatted(TOKEN, Path.of("src/test/resources/python").toAbsolutePath(), port, TRACKED, DIR, errorsFilter, DIR, DIR,
                DIR, numberedFilter, DIR, DIR, DIR, DIR);
    }

    @BeforeAll
    static void start() throws Exception {
        Files.createDirectories(DIR);
        try (var files = Files.list(DIR)) {
            for (Path f : files.toList()) Files.delete(f);
        }
        port = TestPorts.free();
        managementPort = TestPorts.free();
        Files.writeString(CONFIG, config("level(err..emerg)", "message(\"^num \")"));
        service = ServiceProcess.start("", "--spring.config.additional-location=file:" + CONFIG, "--management.server.port=" + managementPort);
        await().atMost(Duration.ofSeconds(90)).ignoreExceptions().until(() -> get("/actuator/health/liveness").statusCode() == 200);
    }

    @AfterAll
    static void stop() {
        if (service != null) service.close();
    }

    @Test
    void logger_messages_take_the_paths_their_filters_final_and_fallback_choose() throws Exception {
        assumeTrue(onPath("logger"), "util-linux 'logger' is not installed");
        String id = UUID.randomUUID().toString().substring(0, 8);
        logger("user.err", "rt-app", "a " + id);     // errors, then app, which is final: not debug
        logger("user.debug", "rt-app", "b " + id);   // app (final): not debug
        logger("user.debug", "rt-other", "c " + id); // debug
        logger("user.crit", "rt-other", "d " + id);  // errors
        logger("user.info", "rt-other", "e " + id);  // no path takes it: the fallback
        await().atMost(Duration.ofSeconds(20)).until(() -> lines("rest.log").stream().anyMatch(l -> l.contains("e " + id))
                && lines("debug.log").stream().anyMatch(l -> l.contains("c " + id)) && lines("app.log").size() >= 2);
        // each logger call is its own connection: their order is not kept between them
        assertThat(withId(lines("errors.log"), id)).containsExactlyInAnyOrder("rt-app err a " + id, "rt-other crit d " + id);
        assertThat(withId(lines("app.log"), id)).containsExactlyInAnyOrder("rt-app err a " + id, "rt-app debug b " + id);
        assertThat(withId(lines("debug.log"), id)).containsExactly("rt-other debug c " + id);
        assertThat(withId(lines("rest.log"), id)).containsExactly("rt-other info e " + id);
        String pipelines = get("/actuator/pipelines").body();
        assertThat(pipelines).containsPattern("\"filter\":\\{\"kind\":\"filter\"[^}]*\"counters\":\\{[^}]*\"matched\":\\d+,\"filtered\":\\d+");
        assertThat(get("/actuator/prometheus").body()).contains("sluice_filtered_total{driver=\"filter\",kind=\"filter\",pipeline=\"errors\"}");
    }

    @Test
    void a_fetcher_feeding_two_filtered_paths_hears_its_bookmarks_in_order_once_both_delivered() throws Exception {
        Path acks = DIR.resolve("acks.txt");
        // While it runs: whatever is acknowledged was delivered by the slow flow-controlled path first.
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200)).until(() -> {
            List<String> acked = lines("acks.txt");
            List<String> fives = lines("fives.log");
            int last = acked.isEmpty() ? 0 : Integer.parseInt(acked.get(acked.size() - 1));
            for (int n = 5; n <= last; n += 5) assertThat(fives).as("acknowledged %d before the fives path wrote it", n).contains("n=" + n);
            return last == TRACKED;
        });
        // Consecutive reports the last bookmark of each acknowledged run: increasing, none twice, the last one last.
        List<Integer> acked = Files.readAllLines(acks).stream().map(Integer::parseInt).toList();
        assertThat(acked).as("in order, none twice").isSorted().doesNotHaveDuplicates().last().isEqualTo(TRACKED);
        assertThat(lines("even.log")).hasSize(TRACKED / 2).doesNotHaveDuplicates();
        assertThat(lines("fives.log")).hasSize(TRACKED / 5).doesNotHaveDuplicates();
        assertThat(get("/actuator/pipelines").body()).contains("\"unmatched\":" + (TRACKED - TRACKED / 2 - TRACKED / 10));
    }

    @Test
    void reloads_that_change_filters_under_load_lose_nothing() throws Exception {
        AtomicBoolean sending = new AtomicBoolean(true);
        AtomicInteger sent = new AtomicInteger();
        Thread sender = NumberedLines.send(port, "load", "num ", 20, sending, sent);
        String[][] variants = {{"level(crit..emerg)", "message(\"^num [0-9]+$\")"}, {"level(err..emerg)", "message(\"^num \")"},
                {"level(err..emerg) or program(\"^never$\")", "program(\"load\") and message(\"^num\")"}};
        for (int i = 0; i < 6; i++) {
            String[] v = variants[i % variants.length];
            Files.writeString(CONFIG, config(v[0], v[1]));
            HttpResponse<String> r = reload(false);
            assertThat(r.statusCode()).as("reload %d: %s", i, r.body()).isEqualTo(200);
            assertThat(r.body()).as("the shared source is kept").contains("sources.net");
            int before = sent.get();
            await().atMost(Duration.ofSeconds(20)).until(() -> sent.get() > before + 200);
        }
        // A dry run finds a wrong filter at its key and column, and changes nothing.
        Files.writeString(CONFIG, config("level(err..emerg) and", "message(\"^num \")"));
        HttpResponse<String> dry = reload(true);
        assertThat(dry.statusCode()).isEqualTo(400);
        assertThat(dry.body()).contains("pipeline 'errors', key 'filter'").contains("at column 22 of filter");
        HttpResponse<String> refused = reload(false);
        assertThat(refused.statusCode()).as("refused, the running generation stays").isEqualTo(400);
        Files.writeString(CONFIG, config("level(err..emerg)", "message(\"^num \")"));
        int beforeRefused = sent.get();
        await().atMost(Duration.ofSeconds(20)).until(() -> sent.get() > beforeRefused + 200);
        sending.set(false);
        sender.join(TimeUnit.SECONDS.toMillis(10));
        int total = sent.get();
        await().atMost(Duration.ofSeconds(30)).until(() -> lines("numbered.log").size() >= total);
        Map<Integer, Integer> seen = new HashMap<>();
        for (String l : lines("numbered.log")) seen.merge(Integer.parseInt(l.substring("num ".length())), 1, Integer::sum);
        NumberedLines.assertEachOnce(seen, total);
        assertThat(lines("rest.log")).as("the numbered path is final and takes them all").noneMatch(l -> l.contains("num "));
    }

    private static void logger(String priority, String tag, String text) throws Exception {
        Process p = new ProcessBuilder("logger", "-n", "127.0.0.1", "-P", String.valueOf(port), "-T", "--rfc3164", "-p", priority,
                "-t", tag, text).redirectErrorStream(true).start();
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(new String(p.getInputStream().readAllBytes())).isZero();
    }

    private static List<String> withId(List<String> lines, String id) {
        return lines.stream().filter(l -> l.endsWith(" " + id)).toList();
    }

    private static boolean onPath(String binary) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) if (Files.isExecutable(Path.of(dir, binary))) return true;
        return false;
    }

    private static List<String> lines(String file) throws Exception {
        Path f = DIR.resolve(file);
        return Files.exists(f) ? Files.readAllLines(f, StandardCharsets.UTF_8) : List.of();
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> reload(boolean dryRun) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + "/actuator/reload" + (dryRun ? "/dry-run" : "")))
                .header("Authorization", "Bearer " + TOKEN).POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }
}
