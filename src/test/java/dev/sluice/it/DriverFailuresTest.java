package dev.sluice.it;

import dev.sluice.pipeline.DestinationWorker;
import dev.sluice.pipeline.HealthState;
import dev.sluice.pipeline.ParserStage;
import dev.sluice.pipeline.SourceIngress;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Failures are never silent: a Python source whose run() raised, a fetcher whose fetch() raises, a
 * parser that raises and a destination whose send() raises are each counted in errors and shown in
 * health; a parser's exception is not a deliberate rejection. And values that would lead a file
 * path out of its directory are refused and counted, whatever the transport.
 */
class DriverFailuresTest extends SluiceIntegrationTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    private String health(String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort
                + "/actuator/health/pipelines/" + path)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    @Test
    void a_python_source_whose_run_raised_is_down_and_counted() throws Exception {
        SourceIngress s = source("failing", "raising-run");
        await().atMost(WAIT).until(() -> s.counters().errors.sum() == 1 && !s.ready());
        assertThat(s.health().lastError()).contains("run() broke");
        assertThat(health("failing/raising-run")).contains("\"DOWN\"").contains("run() broke");
    }

    @Test
    void a_fetcher_whose_fetch_raises_is_down_and_counted_every_time() throws Exception {
        SourceIngress s = source("failing", "raising-fetch");
        await().atMost(WAIT).until(() -> s.counters().errors.sum() >= 2);
        assertThat(s.health().status()).isEqualTo(HealthState.Status.DOWN);
        assertThat(s.health().lastError()).contains("fetch() broke");
    }

    @Test
    void a_parser_exception_is_an_error_not_a_rejection() throws Exception {
        ParserStage p = pipelines.pipeline("failing").parsers().get(0);
        await().atMost(WAIT).until(() -> p.counters().errors.sum() >= 3);
        assertThat(p.counters().dropped("parser-error")).isEqualTo(p.counters().errors.sum());
        assertThat(p.counters().dropped("parser-rejected")).isZero();
        assertThat(p.health().lastError()).contains("odd message");
        assertThat(health("failing")).contains("odd message");
    }

    @Test
    void a_destination_whose_send_raises_is_down_counts_errors_and_drops_after_its_retries() throws Exception {
        DestinationWorker d = destination("failing", "raising");
        await().atMost(WAIT).until(() -> d.counters().errors.sum() >= 4 && d.counters().dropped("retries-exhausted") >= 2);
        assertThat(d.health().status()).isEqualTo(HealthState.Status.DOWN);
        assertThat(d.health().lastError()).contains("send() broke");
        assertThat(d.counters().written.sum()).isZero();
        assertThat(health("failing/raising")).contains("\"DOWN\"").contains("send() broke");
    }

    @Test
    void values_that_climb_out_of_a_file_path_are_refused_over_every_transport() throws Exception {
        DestinationWorker perHost = destination("ingest", "per-host");
        long before = perHost.counters().dropped("unsafe-path");
        String id = java.util.UUID.randomUUID().toString().substring(0, 8);
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", port("tcp"))) {
            s.getOutputStream().write(("<13>Jan  1 00:00:00 ../../escape-" + id + " app: rfc3164\n"
                    + "<13>1 2024-01-01T00:00:00Z ../../escape-" + id + " app - - - rfc5424\n"
                    + "<13>Jan  1 00:00:00 good-" + id + " app: fine\n").getBytes(StandardCharsets.US_ASCII));
        }
        byte[] udp = ("<13>Jan  1 00:00:00 ../../escape-" + id + " app: udp").getBytes(StandardCharsets.US_ASCII);
        try (java.net.DatagramSocket s = new java.net.DatagramSocket()) {
            s.send(new java.net.DatagramPacket(udp, udp.length, java.net.InetAddress.getLoopbackAddress(), port("udp")));
        }
        var response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/ingest/it"))
                .header("Authorization", "Bearer ingest-secret").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("[{\"message\": \"json\", \"host\": \"../../escape-" + id + "\"}]")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(202);
        await().atMost(WAIT).until(() -> perHost.counters().dropped("unsafe-path") - before == 4);
        await().atMost(WAIT).until(() -> Files.exists(Path.of("target/it/hosts/good-" + id + "/messages")));
        assertThat(Path.of("target/escape-" + id)).doesNotExist();
        assertThat(Path.of("target/it/escape-" + id)).doesNotExist();
        assertThat(perHost.counters().errors.sum()).isZero();
    }
}
