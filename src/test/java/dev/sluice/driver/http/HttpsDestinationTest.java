package dev.sluice.driver.http;

import dev.sluice.driver.Destination;
import dev.sluice.driver.Destination.Result;
import dev.sluice.message.LogMessage;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.JdkSslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The http destination over TLS to a server that requires a client certificate: trusted and presented, it delivers; otherwise it cannot connect. */
class HttpsDestinationTest {
    private static final Path CERTS = Path.of("target/https-destination").toAbsolutePath();

    @BeforeAll
    static void certificates() throws Exception {
        Files.createDirectories(CERTS);
        Files.writeString(CERTS.resolve("san.ext"), "subjectAltName=DNS:localhost,IP:127.0.0.1\n");
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem", "-subj", "/CN=https-test-ca", "-days", "2");
        for (String who : List.of("server", "client")) {
            openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", who + ".key", "-out", who + ".csr", "-subj", "/CN=" + who);
            openssl("x509", "-req", "-in", who + ".csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial", "-out", who + ".pem",
                    "-days", "2", "-extfile", "san.ext");
        }
    }

    private static void openssl(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("openssl"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(CERTS.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as("openssl %s: %s", String.join(" ", args), out).isZero();
    }

    private static String file(String name) { return CERTS.resolve(name).toString(); }

    @Test
    void mutual_tls_delivers_and_a_missing_client_certificate_cannot_connect() throws Exception {
        var serverTls = ((JdkSslContext) SslContextBuilder.forServer(CERTS.resolve("server.pem").toFile(), CERTS.resolve("server.key").toFile())
                .sslProvider(SslProvider.JDK).trustManager(CERTS.resolve("ca.pem").toFile()).clientAuth(ClientAuth.REQUIRE).build()).context();
        try (RecordingHttpServer server = new RecordingHttpServer(serverTls)) {
            Destination trusted = HttpDestinations.build(Map.of("url", server.url("/logs"), "template", "$MESSAGE",
                    "tls", Map.of("ca-file", file("ca.pem"), "cert-file", file("client.pem"), "key-file", file("client.key"))));
            LogMessage m = new LogMessage();
            m.setMessage("over tls");
            trusted.send(m);
            assertThat(trusted.flush()).isEqualTo(Result.SUCCESS);
            assertThat(server.bodies()).isEqualTo("over tls\n");

            Destination anonymous = HttpDestinations.build(Map.of("url", server.url("/logs"), "template", "$MESSAGE",
                    "tls", Map.of("ca-file", file("ca.pem"))));
            anonymous.send(m);
            assertThat(anonymous.flush()).isEqualTo(Result.NOT_CONNECTED);
            Destination distrustful = HttpDestinations.build(Map.of("url", server.url("/logs"), "template", "$MESSAGE",
                    "tls", Map.of("ca-file", file("client.pem"), "cert-file", file("client.pem"), "key-file", file("client.key"))));
            distrustful.send(m);
            assertThat(distrustful.flush()).isEqualTo(Result.NOT_CONNECTED);
            assertThat(server.requests).hasSize(1);
        }
    }
}
