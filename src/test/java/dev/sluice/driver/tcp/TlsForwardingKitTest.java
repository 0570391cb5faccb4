package dev.sluice.driver.tcp;

import dev.sluice.driver.Destination;
import dev.sluice.driver.DriverContext;
import dev.sluice.driver.DriverRole;
import dev.sluice.driver.DriverSpec;
import dev.sluice.driver.TestSpecs;
import dev.sluice.it.SyslogNg;
import dev.sluice.it.TestPorts;
import dev.sluice.pipeline.DestinationKit;
import dev.sluice.template.TemplateCompiler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The tcp destination with {@code tls:} passes the kit against a real syslog-ng 3.38 TLS source that
 * requires a client certificate (mutual TLS, both sides checking the other against one CA); its
 * outage is that syslog-ng stopping, its repair a new one on the same port.
 */
class TlsForwardingKitTest extends DestinationKit {
    private static final Path CERTS = Path.of("target/tls-forwarding").toAbsolutePath();
    private SyslogNg sng;
    private Path sngDir;
    private int port;

    @BeforeAll
    static void certificates() throws Exception {
        assumeTrue(SyslogNg.installed(), "syslog-ng is not installed (.ci/run installs syslog-ng-core)");
        Files.createDirectories(CERTS);
        Files.writeString(CERTS.resolve("san.ext"), "subjectAltName=DNS:localhost,IP:127.0.0.1\n");
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem", "-subj", "/CN=sluice-test-ca", "-days", "2");
        for (String who : List.of("server", "client")) {
            openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", who + ".key", "-out", who + ".csr",
                    "-subj", who.equals("server") ? "/CN=localhost" : "/CN=sluice");
            openssl("x509", "-req", "-in", who + ".csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial", "-out", who + ".pem",
                    "-days", "2", "-extfile", "san.ext");
        }
    }

    private static void openssl(String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("openssl"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(CERTS.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as("openssl %s: %s", String.join(" ", args), out).isZero();
    }

    @BeforeEach
    void startReceiver() throws Exception {
        port = TestPorts.free();
        sngDir = dir.resolve("syslog-ng");
        startSyslogNg();
    }

    private void startSyslogNg() throws Exception {
        String conf = "@version: 3.38\noptions { stats-freq(0); keep-hostname(yes); };\n"
                + "source tls { network(ip(127.0.0.1) port(" + port + ") transport(tls) tls(key-file(\"" + CERTS.resolve("server.key")
                + "\") cert-file(\"" + CERTS.resolve("server.pem") + "\") ca-file(\"" + CERTS.resolve("ca.pem") + "\") peer-verify(required-trusted))); };\n"
                + "log { source(tls); destination { file(\"" + sngDir.resolve("received.log") + "\" template(\"$MSG\\n\")); }; };\n";
        sng = SyslogNg.start(sngDir, conf, port);
    }

    @AfterEach
    void stopReceiver() throws Exception {
        if (sng != null) sng.close();
    }

    private Destination destination(Map<String, Object> tls) {
        DriverSpec spec = TestSpecs.spec(DriverRole.DESTINATION, "tcp", Map.of("host", "127.0.0.1", "port", port,
                "format", "rfc3164", "tls", tls)); // a whole syslog frame, which syslog-ng parses
        Destination d = new TcpDestinationFactory().create(spec, new DriverContext(TemplateCompiler.withBuiltins(), dir));
        assertThat(spec.errors()).isEmpty();
        return d;
    }

    @Override
    protected Destination newDestination() {
        return destination(Map.of("ca-file", CERTS.resolve("ca.pem").toString(), "cert-file", CERTS.resolve("client.pem").toString(),
                "key-file", CERTS.resolve("client.key").toString()));
    }

    @Override
    protected String delivered() throws IOException {
        Path f = sngDir.resolve("received.log");
        return Files.exists(f) ? Files.readString(f) : "";
    }

    @Override
    protected boolean breakDestination() throws Exception {
        sng.terminate(); // it flushes what it received first
        sng = null;
        return true;
    }

    @Override
    protected void repair() throws Exception { startSyslogNg(); }

    @Test
    void without_a_client_certificate_or_trusting_another_ca_the_connection_is_refused() throws Exception {
        Destination anonymous = destination(Map.of("ca-file", CERTS.resolve("ca.pem").toString()));
        assertThat(refused(anonymous)).isTrue();
        Destination distrustful = destination(Map.of("ca-file", CERTS.resolve("client.pem").toString(), // not the CA
                "cert-file", CERTS.resolve("client.pem").toString(), "key-file", CERTS.resolve("client.key").toString()));
        assertThatThrownBy(distrustful::open).isInstanceOf(IOException.class); // it refuses the server itself
    }

    /**
     * With TLS 1.3 a server refuses a client's certificate after the client's side of the handshake
     * is done: the refusal (an alert) is seen on the connection soon after, as NOT_CONNECTED.
     */
    private static boolean refused(Destination d) throws Exception {
        try {
            d.open();
        } catch (IOException e) {
            return true;
        }
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (System.nanoTime() < deadline) {
            d.send(numbered(0, new Acks(1)));
            if (d.flush() == Destination.Result.NOT_CONNECTED) return true;
            Thread.sleep(50);
        }
        return false;
    }
}
