package dev.sluice.deploy;

import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What a deployed Sluice must do, whether it runs as the container image or as the packaged jar:
 * start from a mounted /config/application.yaml, take a syslog message, deliver it, reload with
 * the management token, report healthy.
 */
final class ImageScenario {
    static final String TOKEN = "image-secret";

    /** The mounted application.yaml: syslog on TCP 5514 to stdout. */
    static final String CONFIG = """
            sluice:
              pipelines:
                main:
                  flow-control: true
                  sources:
                    in: {type: tcp, port: 5514}
                  destinations:
                    out: {type: stdout, template: "IMAGE-TEST $MESSAGE\\n"}
            """;

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private ImageScenario() {}

    static void run(String host, int syslogPort, int managementPort) throws Exception {
        String base = "http://" + host + ":" + managementPort;
        await().atMost(Duration.ofSeconds(120)).ignoreExceptions()
                .until(() -> get(base + "/actuator/health/readiness").statusCode() == 200);
        try (Socket s = new Socket(host, syslogPort)) {
            OutputStream out = s.getOutputStream();
            out.write("<13>Nov 23 10:00:00 host app: hello from the image test\n".getBytes(StandardCharsets.UTF_8));
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(get(base + "/actuator/pipelines").body()).containsPattern("\"out\":\\{[^}]*\"written\":[1-9]"));

        HttpResponse<String> anonymous = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/actuator/reload"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).isEqualTo(401);
        HttpResponse<String> reload = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/actuator/reload"))
                .header("Authorization", "Bearer " + TOKEN).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(reload.statusCode()).as(reload.body()).isEqualTo(200);
        assertThat(reload.body()).contains("\"kept\":[\"main.in\",\"main.out\"]");

        assertThat(get(base + "/actuator/health").body()).startsWith("{").contains("\"status\":\"UP\"");
        assertThat(get(base + "/actuator/health/liveness").statusCode()).isEqualTo(200);
        assertThat(get(base + "/actuator/prometheus").body()).contains("sluice_written_total");
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
