package dev.sluice.it;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.net.ServerSocket;
import java.net.Socket;
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
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The management surface of a running service (a child process, configured from a file the test
 * rewrites): reloads under load lose nothing, bad configurations are refused with every error while
 * the running generation keeps delivering, health and readiness follow a destination's server,
 * Prometheus counters move, and state-changing endpoints need the token.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OperationsTest {
    private static final String TOKEN = "ops-secret";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Path DIR = Path.of("target/ops").toAbsolutePath();
    private static final Path CONFIG = DIR.resolve("application.yaml");
    private static final Path OUT = DIR.resolve("out.log");
    private static int syslogPort, relayInPort, sinkPort, managementPort;
    private static ServiceProcess service;

    private static String config(String parserClass, String extraInline, String extraSource) {
        return """
                sluice:
                  management: {token: %s}
                  python:
                    path: [%s]
                    code: |
                      def marker(msg):
                          return b"ok"
                %s
                  pipelines:
                    main:
                      flow-control: true
                      sources:
                        in: {type: tcp, ip: 127.0.0.1, port: %d}
                %s
                      parsers: [{type: python, class: %s}]
                      destinations:
                        out: {type: file, path: %s, template: "$MESSAGE $(python marker) ${tag}\\n"}
                    relay:
                      sources:
                        in: {type: tcp, ip: 127.0.0.1, port: %d}
                      destinations:
                        forward: {type: tcp, host: 127.0.0.1, port: %d, format: rfc3164, time-reopen: 200ms}
                """.formatted(TOKEN, Path.of("src/test/resources/python").toAbsolutePath(), extraInline, syslogPort, extraSource,
                parserClass, OUT, relayInPort, sinkPort);
    }

    @BeforeAll
    static void start() throws Exception {
        Files.createDirectories(DIR);
        Files.deleteIfExists(OUT);
        syslogPort = TestPorts.free();
        relayInPort = TestPorts.free();
        sinkPort = TestPorts.free();
        managementPort = TestPorts.free();
        Files.writeString(CONFIG, config("tagger.TagA", "", ""));
        service = ServiceProcess.start("", "--spring.config.additional-location=file:" + CONFIG,
                "--management.server.port=" + managementPort);
        await().atMost(Duration.ofSeconds(90)).ignoreExceptions().until(() -> get("/actuator/health/liveness").statusCode() == 200
                || !service.output().isEmpty() && service.output().contains("APPLICATION FAILED"));
    }

    @AfterAll
    static void stop() {
        if (service != null) service.close();
    }

    @Test
    @Order(1)
    void twenty_reloads_under_load_lose_and_duplicate_nothing() throws Exception {
        AtomicBoolean sending = new AtomicBoolean(true);
        AtomicInteger sent = new AtomicInteger();
        Thread sender = NumberedLines.send(syslogPort, "app", "seq=", 20, sending, sent);
        for (int i = 0; i < 20; i++) {
            Files.writeString(CONFIG, config(i % 2 == 0 ? "tagger.TagB" : "tagger.TagA", "", ""));
            HttpResponse<String> r = reload(TOKEN, false);
            assertThat(r.statusCode()).as("reload %d: %s", i, r.body()).isEqualTo(200);
            assertThat(r.body()).contains("\"changed\":[\"main.parser[0]\"]").contains("\"kept\":[\"main.in\",\"main.out\",\"relay.forward\",\"relay.in\"]");
            Thread.sleep(150);
        }
        sending.set(false);
        sender.join();
        int total = sent.get();
        await().atMost(Duration.ofSeconds(60)).until(() -> lines(OUT).size() >= total);
        Thread.sleep(500);
        Map<Integer, Integer> seen = new HashMap<>();
        boolean sawA = false, sawB = false;
        for (String line : lines(OUT)) {
            Matcher m = Pattern.compile("seq=(\\d+) ok (\\w+)").matcher(line);
            assertThat(m.find()).as(line).isTrue();
            seen.merge(Integer.parseInt(m.group(1)), 1, Integer::sum);
            sawA |= m.group(2).equals("a");
            sawB |= m.group(2).equals("b");
        }
        assertThat(total).isGreaterThan(1000);
        for (int i = 0; i < total; i++) assertThat(seen.get(i)).as("seq=%d delivered exactly once", i).isEqualTo(1);
        assertThat(seen).hasSize(total);
        assertThat(sawA && sawB).as("both parser versions ran").isTrue();
        assertThat(get("/actuator/pipelines").body()).contains("\"generation\":21");
    }

    @Test
    @Order(2)
    void bad_configurations_are_refused_with_every_error_and_the_old_generation_keeps_delivering() throws Exception {
        try (ServerSocket taken = new ServerSocket(0)) {
            String broken = config("tagger.Nope", "      def broken(:\n", "        clash: {type: tcp, ip: 127.0.0.1, port: " + taken.getLocalPort() + "}\n");
            // Syntax errors are reported first (nothing is built while the inline code does not compile).
            Files.writeString(CONFIG, broken);
            HttpResponse<String> r = reload(TOKEN, false);
            assertThat(r.statusCode()).isEqualTo(400);
            assertThat(r.body()).contains("refused").contains("sluice.python.code").contains("line");

            Files.writeString(CONFIG, config("tagger.Nope", "", ""));
            r = reload(TOKEN, false);
            assertThat(r.statusCode()).isEqualTo(400);
            assertThat(r.body()).contains("Nope").contains("\"pipeline\":\"main\"");

            Files.writeString(CONFIG, config("tagger.TagA", "", "        clash: {type: tcp, ip: 127.0.0.1, port: " + taken.getLocalPort() + "}\n"));
            r = reload(TOKEN, true);
            assertThat(r.statusCode()).as("a dry run does not bind: %s", r.body()).isEqualTo(200);
            r = reload(TOKEN, false);
            assertThat(r.statusCode()).isEqualTo(400);
            assertThat(r.body()).contains("clash").contains(Integer.toString(taken.getLocalPort()));
        }
        int before = lines(OUT).size();
        try (Socket s = new Socket("127.0.0.1", syslogPort)) {
            s.getOutputStream().write("<13>Nov 23 10:00:00 host app: still-running\n".getBytes(StandardCharsets.UTF_8));
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> lines(OUT).stream().anyMatch(l -> l.startsWith("still-running")));
        assertThat(lines(OUT).size()).isGreaterThan(before);
        Files.writeString(CONFIG, config("tagger.TagA", "", ""));
    }

    @Test
    @Order(3)
    void health_and_readiness_follow_a_destinations_server_and_prometheus_counts() throws Exception {
        try (SinkServer server = new SinkServer(sinkPort)) {
            server.startReading();
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                relay("up");
                assertThat(get("/actuator/health/readiness").statusCode()).isEqualTo(200);
            });
        }
        // The server is gone: the destination cannot reconnect.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            relay("down");
            HttpResponse<String> h = get("/actuator/health");
            assertThat(h.body()).containsPattern("\"forward\":\\{\"details\":\\{[^}]*\"lastError\":\"[^\"]+\"[^}]*},\"status\":\"DOWN\"");
            assertThat(get("/actuator/health/readiness").statusCode()).isEqualTo(503);
        });
        assertThat(get("/actuator/health/liveness").statusCode()).as("liveness is not about destinations").isEqualTo(200);
        try (SinkServer back = new SinkServer(sinkPort)) {
            back.startReading();
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                relay("again");
                assertThat(get("/actuator/health/readiness").statusCode()).isEqualTo(200);
            });
        }
        double first = prometheus("sluice_received_total", "main", "in");
        try (Socket s = new Socket("127.0.0.1", syslogPort)) {
            for (int i = 0; i < 50; i++) s.getOutputStream().write(("<13>Nov 23 10:00:00 host app: metric " + i + "\n").getBytes());
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> prometheus("sluice_received_total", "main", "in") >= first + 50);
        assertThat(prometheus("sluice_written_total", "main", "out")).isPositive();
        assertThat(prometheus("sluice_driver_time_seconds_total", "main", "parser[0]")).as("time in the Python parser").isPositive();
        assertThat(get("/actuator/pipelines").body()).contains("\"parser[0]\":{\"kind\":\"parser\"");
        assertThat(get("/actuator/prometheus").body()).contains("sluice_reload_seconds_count{outcome=\"reloaded\"}");
    }

    @Test
    @Order(4)
    void reload_needs_the_token() throws Exception {
        assertThat(reload(null, false).statusCode()).isEqualTo(401);
        assertThat(reload("wrong", false).statusCode()).isEqualTo(401);
        assertThat(reload(TOKEN, true).statusCode()).isEqualTo(200);
        assertThat(get("/actuator/pipelines").statusCode()).as("reading needs no token").isEqualTo(200);
    }

    @Test
    @Order(10)
    void reloads_that_change_a_source_keep_its_connections_and_lose_nothing() throws Exception {
        Files.writeString(CONFIG, config("tagger.TagA", "", ""));
        assertThat(reload(TOKEN, false).statusCode()).isEqualTo(200);
        int before = lines(OUT).size();
        AtomicBoolean sending = new AtomicBoolean(true);
        AtomicInteger sent = new AtomicInteger();
        Thread sender = NumberedLines.send(syslogPort, "app", "keep=", 100, sending, sent);
        for (int i = 0; i < 20; i++) {
            String changed = config("tagger.TagA", "", "").replace("port: " + syslogPort + "}",
                    "port: " + syslogPort + ", log-iw-size: " + (i % 2 == 0 ? 5000 : 6000) + "}");
            Files.writeString(CONFIG, changed);
            HttpResponse<String> r = reload(TOKEN, false);
            assertThat(r.statusCode()).as("reload %d: %s", i, r.body()).isEqualTo(200);
            assertThat(r.body()).contains("\"changed\":[\"main.in\"]");
            int delivered = sent.get();
            // traffic crosses every switch: the next reload waits until what was sent before it arrived
            await().atMost(Duration.ofSeconds(30)).until(() -> lines(OUT).stream().filter(l -> l.startsWith("keep=")).count() >= delivered);
        }
        sending.set(false);
        sender.join();
        int total = sent.get();
        await().atMost(Duration.ofSeconds(60)).until(() -> lines(OUT).stream().filter(l -> l.startsWith("keep=")).count() >= total);
        Map<Integer, Integer> seen = new HashMap<>();
        for (String line : lines(OUT).subList(before, lines(OUT).size())) {
            Matcher m = Pattern.compile("^keep=(\\d+) ").matcher(line);
            if (m.find()) seen.merge(Integer.parseInt(m.group(1)), 1, Integer::sum);
        }
        assertThat(total).isGreaterThan(5000);
        NumberedLines.assertEachOnce(seen, total);
    }

    @Test
    @Order(11)
    void a_dry_run_accepts_a_new_inline_class_used_by_a_new_parser() throws Exception {
        String added = config("AddedParser", """
                      from syslogng import LogParser
                      class AddedParser(LogParser):
                          def parse(self, msg):
                              return True
                """, "");
        Files.writeString(CONFIG, added);
        HttpResponse<String> dry = reload(TOKEN, true);
        assertThat(dry.statusCode()).as(dry.body()).isEqualTo(200);
        Files.writeString(CONFIG, config("StillMissing", "", ""));
        HttpResponse<String> refused = reload(TOKEN, true);
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("StillMissing");
        Files.writeString(CONFIG, added);
        assertThat(reload(TOKEN, false).statusCode()).isEqualTo(200);
        Files.writeString(CONFIG, config("tagger.TagA", "", ""));
        assertThat(reload(TOKEN, false).statusCode()).isEqualTo(200);
    }

    @Test
    @Order(12)
    void a_driver_keeps_its_persist_name_when_it_moves_but_two_drivers_cannot_share_one() throws Exception {
        String fetcher = "        moving: {type: python-fetcher, class: parity_startup.Fine, persist-name: moving}\n";
        String beforeRelayDestination = "      destinations:\n        forward:";
        String inMain = config("tagger.TagA", "", fetcher);
        String inRelay = config("tagger.TagA", "", "").replace(beforeRelayDestination, fetcher + beforeRelayDestination);
        String inBoth = inMain.replace(beforeRelayDestination, fetcher + beforeRelayDestination);
        Files.writeString(CONFIG, inMain);
        assertThat(reload(TOKEN, false).statusCode()).isEqualTo(200);
        Files.writeString(CONFIG, inRelay);
        HttpResponse<String> moved = reload(TOKEN, false);
        assertThat(moved.statusCode()).as("the old generation's driver is retired with it: %s", moved.body()).isEqualTo(200);
        Files.writeString(CONFIG, inBoth);
        HttpResponse<String> refused = reload(TOKEN, false);
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("persist name 'python-fetcher.moving' is already used by pipeline 'main', driver 'moving'");
        try (Socket s = new Socket("127.0.0.1", syslogPort)) {
            s.getOutputStream().write("<13>Nov 23 10:00:00 host app: after the refused reload\n".getBytes(StandardCharsets.UTF_8));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.readString(OUT).contains("after the refused reload"));
        Files.writeString(CONFIG, config("tagger.TagA", "", ""));
        assertThat(reload(TOKEN, false).statusCode()).isEqualTo(200);
    }

    private static void relay(String text) throws Exception {
        try (Socket s = new Socket("127.0.0.1", relayInPort)) {
            s.getOutputStream().write(("<13>Nov 23 10:00:00 host app: " + text + "\n").getBytes(StandardCharsets.UTF_8));
        }
    }

    private static double prometheus(String metric, String pipeline, String driver) throws Exception {
        String body = get("/actuator/prometheus").body();
        double sum = 0;
        for (String line : body.split("\n")) {
            if (line.startsWith(metric + "{") && line.contains("pipeline=\"" + pipeline + "\"") && line.contains("driver=\"" + driver + "\"")) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> reload(String token, boolean dryRun) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + "/actuator/reload"
                + (dryRun ? "/dry-run" : ""))).POST(HttpRequest.BodyPublishers.noBody());
        if (token != null) b.header("Authorization", "Bearer " + token);
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static List<String> lines(Path file) throws Exception {
        return Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
    }
}
