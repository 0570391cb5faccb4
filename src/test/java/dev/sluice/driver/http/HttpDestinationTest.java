package dev.sluice.driver.http;

import dev.sluice.driver.Destination;
import dev.sluice.driver.Destination.Result;
import dev.sluice.message.LogMessage;
import dev.sluice.message.Timestamp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What each body format sends and how the answers of Elasticsearch, Loki, Splunk and plain HTTP servers are taken. */
class HttpDestinationTest {
    private final RecordingHttpServer server = newServer();
    private final Map<String, Integer> dropped = new ConcurrentHashMap<>();

    private static RecordingHttpServer newServer() {
        try {
            return new RecordingHttpServer();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterEach
    void stop() { server.close(); }

    private Destination build(Map<String, Object> options) {
        Destination d = HttpDestinations.build(options);
        d.dropCounter((reason, n) -> dropped.merge(reason, n, Integer::sum));
        return d;
    }

    private static LogMessage msg(int n) {
        LogMessage m = new LogMessage(new Timestamp(1_709_633_472_000_000L + n, ZoneOffset.UTC));
        m.setHost("web-" + (n % 2));
        m.setProgram("nginx");
        m.setMessage("GET /item/" + n + " \"quoted\"");
        m.setValue(".json.status", n % 3 == 0 ? "500" : "200");
        return m;
    }

    @Test
    void ndjson_with_value_pairs_gzip_basic_auth_and_header_templates() throws Exception {
        Destination d = build(Map.of("url", server.url("/logs"), "gzip", true, "user", "ops", "password", "s3cret",
                "headers", Map.of("X-Host", "${HOST}"),
                "value-pairs", Map.of("scope", "rfc5424", "exclude", List.of("DATE", "PRIORITY", "FACILITY"),
                        "pair", Map.of("status", "int64(${.json.status})"))));
        for (int i = 1; i <= 3; i++) assertThat(d.send(msg(i))).isEqualTo(Result.QUEUED);
        assertThat(d.flush()).isEqualTo(Result.SUCCESS);
        var r = server.requests.get(0);
        assertThat(r.header("Content-Encoding")).isEqualTo("gzip");
        assertThat(r.header("Authorization")).isEqualTo("Basic b3BzOnMzY3JldA==");
        assertThat(r.header("X-Host")).isEqualTo("web-1"); // from the batch's first message
        assertThat(r.body().split("\n")).containsExactly(
                "{\"status\":200,\"PROGRAM\":\"nginx\",\"MESSAGE\":\"GET /item/1 \\\"quoted\\\"\",\"HOST\":\"web-1\"}",
                "{\"status\":200,\"PROGRAM\":\"nginx\",\"MESSAGE\":\"GET /item/2 \\\"quoted\\\"\",\"HOST\":\"web-0\"}",
                "{\"status\":500,\"PROGRAM\":\"nginx\",\"MESSAGE\":\"GET /item/3 \\\"quoted\\\"\",\"HOST\":\"web-1\"}");
    }

    @Test
    void elasticsearch_bulk_retries_only_the_retryable_items_and_counts_the_refused() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        server.answer = r -> calls.incrementAndGet() == 1
                ? new RecordingHttpServer.Answer(200, "{\"took\":3,\"errors\":true,\"items\":[{\"index\":{\"status\":201}},"
                        + "{\"index\":{\"status\":429,\"error\":{\"type\":\"es_rejected_execution_exception\"}}},"
                        + "{\"index\":{\"status\":400,\"error\":{\"type\":\"mapper_parsing_exception\"}}}]}", Map.of())
                : new RecordingHttpServer.Answer(200, "{\"errors\":false,\"items\":[{\"index\":{\"status\":201}}]}", Map.of());
        Destination d = build(Map.of("url", server.url("/_bulk"), "body", "elasticsearch", "index", "logs-${YEAR}.${MONTH}",
                "template", "$(format-json msg=$MESSAGE host=$HOST)"));
        for (int i = 1; i <= 3; i++) d.send(msg(i));
        assertThat(d.flush()).isEqualTo(Result.SUCCESS);
        assertThat(server.requests).hasSize(2);
        assertThat(server.requests.get(0).body()).isEqualTo(
                "{\"index\":{\"_index\":\"logs-2024.03\"}}\n{\"msg\":\"GET /item/1 \\\"quoted\\\"\",\"host\":\"web-1\"}\n"
                + "{\"index\":{\"_index\":\"logs-2024.03\"}}\n{\"msg\":\"GET /item/2 \\\"quoted\\\"\",\"host\":\"web-0\"}\n"
                + "{\"index\":{\"_index\":\"logs-2024.03\"}}\n{\"msg\":\"GET /item/3 \\\"quoted\\\"\",\"host\":\"web-1\"}\n");
        assertThat(server.requests.get(1).body()).contains("/item/2").doesNotContain("/item/1").doesNotContain("/item/3");
        assertThat(dropped).containsExactly(Map.entry("elasticsearch-rejected", 1));
    }

    /** A map in the order written, as YAML keeps it (Map.of has no order). */
    private static Map<String, Object> ordered(String... keysAndValues) {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) m.put(keysAndValues[i], keysAndValues[i + 1]);
        return m;
    }

    @Test
    void loki_groups_a_batch_into_streams_by_labels() throws Exception {
        Destination d = build(Map.of("url", server.url("/loki/api/v1/push"), "body", "loki", "labels", ordered("host", "$HOST", "app", "$PROGRAM")));
        for (int i = 1; i <= 3; i++) d.send(msg(i));
        assertThat(d.flush()).isEqualTo(Result.SUCCESS);
        assertThat(server.requests.get(0).header("Content-Type")).isEqualTo("application/json");
        assertThat(server.requests.get(0).body()).isEqualTo("{\"streams\":["
                + "{\"stream\":{\"host\":\"web-1\",\"app\":\"nginx\"},\"values\":[[\"1709633472000001000\",\"GET /item/1 \\\"quoted\\\"\"],"
                + "[\"1709633472000003000\",\"GET /item/3 \\\"quoted\\\"\"]]},"
                + "{\"stream\":{\"host\":\"web-0\",\"app\":\"nginx\"},\"values\":[[\"1709633472000002000\",\"GET /item/2 \\\"quoted\\\"\"]]}]}");
    }

    @Test
    void splunk_hec_events_with_the_token() throws Exception {
        Destination d = build(Map.of("url", server.url("/services/collector/event"), "body", "splunk-hec", "token", "abc-123",
                "sourcetype", "nginx:access", "index", "web", "fields", Map.of("status", "${.json.status}")));
        d.send(msg(3));
        assertThat(d.flush()).isEqualTo(Result.SUCCESS);
        assertThat(server.requests.get(0).header("Authorization")).isEqualTo("Splunk abc-123");
        assertThat(server.requests.get(0).body()).isEqualTo("{\"time\":1709633472.000003,\"host\":\"web-1\",\"index\":\"web\","
                + "\"sourcetype\":\"nginx:access\",\"event\":\"GET /item/3 \\\"quoted\\\"\",\"fields\":{\"status\":\"500\"}}\n");
    }

    @Test
    void a_4xx_drops_the_batch_with_its_status_and_a_429_waits_for_retry_after() throws Exception {
        server.answer = r -> new RecordingHttpServer.Answer(400, "{\"error\":\"bad\"}", Map.of());
        Destination d = build(Map.of("url", server.url("/logs"), "bearer-token", "t0k"));
        d.send(msg(1));
        assertThat(d.flush()).isEqualTo(Result.DROP);
        assertThat(d.dropReason()).isEqualTo("http-400");
        server.answer = r -> new RecordingHttpServer.Answer(429, "slow down", Map.of("Retry-After", "1"));
        d.send(msg(2));
        long t0 = System.nanoTime();
        assertThatThrownBy(d::flush).hasMessageContaining("answered 429").hasMessageContaining("slow down");
        assertThat((System.nanoTime() - t0) / 1_000_000).isGreaterThanOrEqualTo(1000);
        server.answer = r -> RecordingHttpServer.Answer.ok();
        d.send(msg(3));
        assertThat(d.flush()).isEqualTo(Result.SUCCESS);
        assertThat(server.requests).singleElement().satisfies(r -> assertThat(r.header("Authorization")).isEqualTo("Bearer t0k"));
        server.close();
        d.send(msg(4));
        assertThat(d.flush()).isEqualTo(Result.NOT_CONNECTED);
    }
}
