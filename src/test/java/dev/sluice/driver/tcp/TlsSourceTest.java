package dev.sluice.driver.tcp;

import dev.sluice.config.ConfigLoader;
import dev.sluice.driver.DriverContext;
import dev.sluice.driver.DriverFactory;
import dev.sluice.driver.file.FileDestinationFactory;
import dev.sluice.driver.netty.NettyTransport;
import dev.sluice.pipeline.Pipeline;
import dev.sluice.pipeline.PipelineFactory;
import dev.sluice.pipeline.SourceIngress;
import dev.sluice.template.TemplateCompiler;
import org.junit.jupiter.api.Test;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import java.io.FileInputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The TCP source with {@code tls:} accepts syslog over TLS from a client that trusts its certificate. */
class TlsSourceTest {

    @Test
    void syslog_over_tls_arrives_and_plain_tcp_is_refused() throws Exception {
        Path dir = Files.createDirectories(Path.of("target/tls-test"));
        Path key = dir.resolve("key.pem");
        Path cert = dir.resolve("cert.pem");
        Process p = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key.toString(),
                "-out", cert.toString(), "-subj", "/CN=localhost", "-days", "1").redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        assertThat(p.waitFor()).isZero();

        int port;
        try (ServerSocket s = new ServerSocket(0)) { port = s.getLocalPort(); }
        Path out = dir.resolve("out.log");
        Files.deleteIfExists(out);
        StandardEnvironment env = new StandardEnvironment();
        env.getPropertySources().addFirst(new MapPropertySource("test", Map.of(
                "sluice.pipelines.tls.sources.in.type", "tcp",
                "sluice.pipelines.tls.sources.in.ip", "127.0.0.1",
                "sluice.pipelines.tls.sources.in.port", String.valueOf(port),
                "sluice.pipelines.tls.sources.in.tls.key-file", key.toString(),
                "sluice.pipelines.tls.sources.in.tls.cert-file", cert.toString(),
                "sluice.pipelines.tls.destinations.out.type", "file",
                "sluice.pipelines.tls.destinations.out.path", out.toString(),
                "sluice.pipelines.tls.destinations.out.template", "$TRANSPORT $PROGRAM $MSG\n")));
        try (NettyTransport transport = new NettyTransport(1)) {
            PipelineFactory factory = new PipelineFactory(List.<DriverFactory<?>>of(new TcpSourceFactory(transport), new FileDestinationFactory()),
                    new DriverContext(TemplateCompiler.withBuiltins(), dir));
            Pipeline pipeline = factory.build(ConfigLoader.load(env)).get(0);
            pipeline.startDestinations();
            for (SourceIngress s : pipeline.sources()) s.start();
            try {
                KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
                trust.load(null, null);
                try (FileInputStream in = new FileInputStream(cert.toFile())) {
                    trust.setCertificateEntry("sluice", CertificateFactory.getInstance("X.509").generateCertificate(in));
                }
                TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(trust);
                SSLContext ctx = SSLContext.getInstance("TLS");
                ctx.init(null, tmf.getTrustManagers(), null);
                try (SSLSocket socket = (SSLSocket) ctx.getSocketFactory().createSocket("127.0.0.1", port)) {
                    String frame = "<13>1 2024-01-01T00:00:00Z h secure - - - over tls";
                    socket.getOutputStream().write((frame.length() + " " + frame).getBytes(StandardCharsets.UTF_8));
                    socket.getOutputStream().flush();
                }
                await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(out) && Files.readString(out).contains("tls secure over tls"));

                try (java.net.Socket plain = new java.net.Socket("127.0.0.1", port)) {
                    plain.getOutputStream().write("<13>Jan  1 00:00:00 h plain: not encrypted\n".getBytes(StandardCharsets.US_ASCII));
                    plain.getOutputStream().flush();
                    plain.setSoTimeout(5000);
                    try {
                        plain.getInputStream().readAllBytes(); // the server answers with a TLS alert and closes
                    } catch (java.io.IOException closedByPeer) {
                        // a reset is as good as a close here
                    }
                }
                Thread.sleep(300);
                assertThat(Files.readString(out)).doesNotContain("not encrypted");
            } finally {
                pipeline.stop();
            }
        }
    }
}
