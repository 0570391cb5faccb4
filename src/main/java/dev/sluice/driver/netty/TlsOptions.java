package dev.sluice.driver.netty;

import dev.sluice.config.ConfigNode;
import dev.sluice.driver.DriverSpec;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;

import java.io.File;
import java.util.Map;

/** The {@code tls:} block of network drivers: {@code key-file}, {@code cert-file}, {@code ca-file}, {@code peer-verify}. */
public final class TlsOptions {
    private TlsOptions() {}

    public static SslContext serverContext(DriverSpec spec) {
        ConfigNode node = spec.node("tls");
        if (node == null) return null;
        Map<String, ConfigNode> tls = node.asMap();
        if (tls == null) {
            spec.error("tls", "expected a map with key-file and cert-file");
            return null;
        }
        for (String k : tls.keySet()) {
            if (!k.equals("key-file") && !k.equals("cert-file") && !k.equals("ca-file") && !k.equals("peer-verify")) {
                spec.error("tls", "unknown key 'tls." + k + "' (known: key-file, cert-file, ca-file, peer-verify)");
            }
        }
        String key = value(tls, "key-file");
        String cert = value(tls, "cert-file");
        if (key == null || cert == null) {
            spec.error("tls", "tls needs key-file and cert-file");
            return null;
        }
        try {
            SslContextBuilder b = SslContextBuilder.forServer(new File(cert), new File(key));
            String ca = value(tls, "ca-file");
            if (ca != null) b.trustManager(new File(ca));
            String verify = value(tls, "peer-verify");
            b.clientAuth(switch (verify == null ? "optional" : verify) {
                case "required", "required-trusted" -> ClientAuth.REQUIRE;
                case "none", "optional-untrusted" -> ClientAuth.NONE;
                default -> ca == null ? ClientAuth.NONE : ClientAuth.OPTIONAL;
            });
            return b.build();
        } catch (Exception e) {
            spec.error("tls", "cannot load TLS key or certificate: " + e.getMessage());
            return null;
        }
    }

    /**
     * A client's {@code tls:} block as a JDK context (for the JDK HttpClient): {@code ca-file} (the
     * servers to trust; default the JDK's), {@code cert-file} and {@code key-file} (a client
     * certificate, for mutual TLS), {@code peer-verify} ({@code required}, the default, or {@code none}:
     * any certificate is accepted). Null when there is no block or it is wrong (errors recorded).
     */
    public static javax.net.ssl.SSLContext clientContext(DriverSpec spec) {
        ConfigNode node = spec.node("tls");
        if (node == null) return null;
        Map<String, ConfigNode> tls = node.asMap();
        if (tls == null) {
            spec.error("tls", "expected a map with ca-file, cert-file, key-file, peer-verify");
            return null;
        }
        for (String k : tls.keySet()) {
            if (!k.equals("key-file") && !k.equals("cert-file") && !k.equals("ca-file") && !k.equals("peer-verify")) {
                spec.error("tls", "unknown key 'tls." + k + "' (known: key-file, cert-file, ca-file, peer-verify)");
            }
        }
        String key = value(tls, "key-file"), cert = value(tls, "cert-file"), ca = value(tls, "ca-file");
        String verify = value(tls, "peer-verify");
        if ((key == null) != (cert == null)) {
            spec.error("tls", "a client certificate needs both cert-file and key-file");
            return null;
        }
        try {
            SslContextBuilder b = SslContextBuilder.forClient().sslProvider(io.netty.handler.ssl.SslProvider.JDK);
            if (verify != null && (verify.equals("none") || verify.equals("optional-untrusted"))) {
                b.trustManager(io.netty.handler.ssl.util.InsecureTrustManagerFactory.INSTANCE);
            } else if (ca != null) {
                b.trustManager(new File(ca));
            }
            if (cert != null) b.keyManager(new File(cert), new File(key));
            return ((io.netty.handler.ssl.JdkSslContext) b.build()).context();
        } catch (Exception e) {
            spec.error("tls", "cannot load TLS key or certificates: " + e.getMessage());
            return null;
        }
    }

    /** Whether a client's {@code tls:} block checks the server (everything but {@code peer-verify: none}). */
    public static boolean verifiesPeer(DriverSpec spec) {
        ConfigNode node = spec.options().get("tls");
        Map<String, ConfigNode> tls = node == null ? null : node.asMap();
        String verify = tls == null ? null : value(tls, "peer-verify");
        return verify == null || !(verify.equals("none") || verify.equals("optional-untrusted"));
    }

    private static String value(Map<String, ConfigNode> tls, String k) {
        ConfigNode n = tls.get(k);
        return n == null ? null : n.asString();
    }
}
