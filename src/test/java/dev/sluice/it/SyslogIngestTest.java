package dev.sluice.it;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Real syslog clients (util-linux logger) over TCP and UDP, and HTTP ingest, into a templated file. */
class SyslogIngestTest extends SluiceIntegrationTest {
    private static final Path OUT = Path.of("target/it/ingest.log");

    @BeforeAll
    static void loggerInstalled() {
        assumeTrue(onPath("logger"), "util-linux 'logger' is not installed (.ci/run installs it)");
    }

    private static String id() { return UUID.randomUUID().toString().substring(0, 8); }

    @Test
    void logger_rfc3164_over_tcp_arrives_rendered_by_the_template() throws Exception {
        String id = id();
        run("logger", "-n", "127.0.0.1", "-P", String.valueOf(port("tcp")), "-T", "--rfc3164", "-t", "myapp", "-i", "-p", "local3.warning",
                "tcp3164 " + id);
        String line = awaitLine(OUT, l -> l.endsWith("tcp3164 " + id));
        String[] f = line.split("\\|", -1);
        assertThat(f[0]).isEqualTo("myapp");
        assertThat(f[1]).isNotEmpty();
        // ${PID} is the message's PID (the logger process), not Sluice's own: templates are not Spring placeholders
        assertThat(f[2]).matches("\\d+").isNotEqualTo(String.valueOf(ProcessHandle.current().pid()));
        assertThat(f[3]).isEqualTo(f[1]);
        assertThat(f[6]).isEqualTo("tcp");
        assertThat(f[7]).isEqualTo("warning");
    }

    @Test
    void logger_rfc5424_octet_counted_over_tcp_keeps_structured_data() throws Exception {
        String id = id();
        run("logger", "-n", "127.0.0.1", "-P", String.valueOf(port("tcp")), "-T", "--octet-count", "--rfc5424", "-t", "zooapp",
                "--msgid", "M42", "--sd-id", "zoo@123", "--sd-param", "tiger=\"hungry\"", "tcp5424 " + id);
        String line = awaitLine(OUT, l -> l.endsWith("tcp5424 " + id));
        assertThat(line).startsWith("zooapp|").contains("|M42|hungry|tcp|notice|");
    }

    @Test
    void logger_over_udp_in_both_formats() throws Exception {
        String a = id();
        String b = id();
        run("logger", "-n", "127.0.0.1", "-P", String.valueOf(port("udp")), "-d", "--rfc3164", "-t", "udpapp", "udp3164 " + a);
        run("logger", "-n", "127.0.0.1", "-P", String.valueOf(port("udp")), "-d", "--rfc5424", "-t", "udpapp5", "--sd-id", "zoo@123",
                "--sd-param", "tiger=\"calm\"", "udp5424 " + b);
        assertThat(awaitLine(OUT, l -> l.endsWith("udp3164 " + a))).startsWith("udpapp|").contains("|udp|");
        assertThat(awaitLine(OUT, l -> l.endsWith("udp5424 " + b))).startsWith("udpapp5|").contains("|calm|udp|");
    }

    @Test
    void http_ingest_lines_and_json_with_token_and_size_limit() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        URI uri = URI.create("http://127.0.0.1:" + httpPort + "/ingest/it");
        String id = id();

        HttpResponse<String> anonymous = http.send(HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofString("x")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).isEqualTo(401);

        HttpResponse<String> text = http.send(HttpRequest.newBuilder(uri).header("Authorization", "Bearer ingest-secret")
                .POST(HttpRequest.BodyPublishers.ofString("<11>Jan  1 00:00:00 web1 nginx[7]: first " + id + "\nsecond " + id + "\n")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(text.statusCode()).isEqualTo(202);
        assertThat(text.body()).contains("\"accepted\":2");

        HttpResponse<String> json = http.send(HttpRequest.newBuilder(uri).header("Authorization", "Bearer ingest-secret")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("[{\"message\":\"json " + id + "\",\"program\":\"api\",\"host\":\"h1\",\"pid\":9},\"plain " + id + "\"]")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(json.statusCode()).isEqualTo(202);

        assertThat(awaitLine(OUT, l -> l.endsWith("first " + id))).startsWith("nginx|web1|7|web1|").contains("|http|err|");
        // a line without a header is read as syslog-ng reads it: the first word is PROGRAM
        assertThat(awaitLine(OUT, l -> l.startsWith("second|") && l.endsWith("|" + id))).startsWith("second|127.0.0.1|");
        assertThat(awaitLine(OUT, l -> l.endsWith("json " + id))).startsWith("api|h1|9|h1|");
        awaitLine(OUT, l -> l.startsWith("plain|") && l.endsWith("|" + id));

        HttpResponse<String> bad = http.send(HttpRequest.newBuilder(uri).header("Authorization", "Bearer ingest-secret")
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("[1, 2")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("invalid JSON");

        HttpResponse<String> huge = http.send(HttpRequest.newBuilder(uri).header("Authorization", "Bearer ingest-secret")
                .POST(HttpRequest.BodyPublishers.ofString("x".repeat(70_000))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(huge.statusCode()).isEqualTo(413);
        assertThat(source("ingest", "http").counters().dropped("body-too-large")).isPositive();
    }

    @Test
    void bad_input_over_tcp_is_counted_and_the_connection_keeps_working() throws Exception {
        String id = id();
        var parse = source("ingest", "tcp").parseCounters();
        long truncated = parse.truncated.sum();
        long invalid = parse.invalidUtf8.sum();
        long malformed = parse.malformed.sum();
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", port("tcp"))) {
            var out = s.getOutputStream();
            byte[] huge = new byte[1 << 20];
            java.util.Arrays.fill(huge, (byte) 'x');
            out.write(("<13>Jan  1 00:00:00 h big: " + id + " ").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            out.write(huge);
            out.write('\n');
            out.write(("<13>Jan  1 00:00:00 h utf: bad " + id + " ").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            out.write(new byte[] {(byte) 0xc3, (byte) 0x28, '\n'});
            out.write(("<13>1 2024-01-01T00:00:00Z h app - - [broken " + id + "\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            // The connection began newline-framed, so a line starting with digits is a line, not a count.
            out.write(("120 errors in the last hour " + id + "\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            out.write(("<13>1 2024-01-01T00:00:00Z h line 1 - - next " + id + "\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            out.flush();
        }
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", port("tcp"))) { // octet counting is decided per connection
            String counted = "<13>1 2024-01-01T00:00:00Z h octet 1 - - after " + id;
            String second = "<13>1 2024-01-01T00:00:00Z h octet 2 - - 120 errors " + id;
            s.getOutputStream().write((counted.length() + " " + counted + second.length() + " " + second)
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        }
        String big = awaitLine(OUT, l -> l.startsWith("big|") && l.contains(id));
        assertThat(big.length()).isLessThan(70_000).isGreaterThan(60_000);
        // the invalid byte 0xc3 is written out as it came (read back losslessly: an escape surrogate)
        assertThat(awaitLine(OUT, l -> l.contains("bad " + id))).endsWith("bad " + id + " \uDCC3(");
        assertThat(awaitLine(OUT, l -> l.contains("[broken " + id))).contains("<13>1 2024-01-01T00:00:00Z h app - - [broken");
        assertThat(awaitLine(OUT, l -> l.endsWith("after " + id))).startsWith("octet|");
        assertThat(awaitLine(OUT, l -> l.endsWith("|120 errors " + id))).startsWith("octet|");
        // a line, and read as syslog-ng reads a line without a header: the first word is PROGRAM
        assertThat(awaitLine(OUT, l -> l.endsWith("|errors in the last hour " + id))).startsWith("120|").doesNotContain("next");
        assertThat(awaitLine(OUT, l -> l.endsWith("|next " + id))).startsWith("line|");
        assertThat(parse.truncated.sum() - truncated).isEqualTo(1);
        assertThat(parse.invalidUtf8.sum() - invalid).isEqualTo(1);
        assertThat(parse.malformed.sum() - malformed).isEqualTo(1);
    }

    @Test
    void a_udp_datagram_longer_than_2k_arrives_whole() throws Exception {
        String id = id();
        String body = "x".repeat(5000) + " " + id;
        byte[] datagram = ("<13>Jan  1 00:00:00 h long: " + body).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        try (java.net.DatagramSocket s = new java.net.DatagramSocket()) {
            s.send(new java.net.DatagramPacket(datagram, datagram.length, java.net.InetAddress.getLoopbackAddress(), port("udp")));
        }
        assertThat(awaitLine(OUT, l -> l.startsWith("long|") && l.contains(id))).endsWith("|" + body);
    }

    @Test
    void parse_counters_are_in_the_pipelines_endpoint_and_in_prometheus() throws Exception {
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", port("tcp"))) {
            s.getOutputStream().write(("<13>1 2024-01-01T00:00:00Z h app - - [broken " + id() + "\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        }
        var malformed = source("ingest", "tcp").parseCounters().malformed;
        await().atMost(java.time.Duration.ofSeconds(10)).until(() -> malformed.sum() > 0);
        var http = java.net.http.HttpClient.newHttpClient();
        String pipelinesJson = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                "http://127.0.0.1:" + managementPort + "/actuator/pipelines")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        assertThat(pipelinesJson).contains("\"parse\"").contains("\"malformed\"").contains("\"invalid-utf8\"");
        await().atMost(java.time.Duration.ofSeconds(15)).untilAsserted(() -> assertThat(http.send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://127.0.0.1:" + managementPort + "/actuator/prometheus")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).body())
                .containsPattern("sluice_parse_total\\{[^}]*driver=\"tcp\"[^}]*outcome=\"malformed\"[^}]*pipeline=\"ingest\"[^}]*} [1-9]"));
    }
}
