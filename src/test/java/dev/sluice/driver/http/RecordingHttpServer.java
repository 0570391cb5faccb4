package dev.sluice.driver.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.zip.GZIPInputStream;

/**
 * A real HTTP server on loopback for the http destination's tests: it records every request (headers
 * and the body, un-gzipped) and answers what {@link #answer} says, so a test can play Elasticsearch,
 * Loki or Splunk, including their errors.
 */
final class RecordingHttpServer implements AutoCloseable {
    record Request(String method, String path, Map<String, List<String>> headers, String body) {
        String header(String name) {
            for (var e : headers.entrySet()) if (e.getKey().equalsIgnoreCase(name)) return e.getValue().get(0);
            return null;
        }
    }

    record Answer(int status, String body, Map<String, String> headers) {
        static Answer ok() { return new Answer(200, "{}", Map.of()); }
    }

    final List<Request> requests = new CopyOnWriteArrayList<>();
    volatile Function<Request, Answer> answer = r -> Answer.ok();
    private final HttpServer server;

    RecordingHttpServer() throws IOException { this(null); }

    /** With {@code tls}, an HTTPS server (its certificate, and the CA its clients must have been signed by, in the context). */
    RecordingHttpServer(javax.net.ssl.SSLContext tls) throws IOException {
        if (tls == null) {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } else {
            var https = com.sun.net.httpserver.HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            https.setHttpsConfigurator(new com.sun.net.httpserver.HttpsConfigurator(tls) {
                @Override
                public void configure(com.sun.net.httpserver.HttpsParameters params) {
                    var p = tls.getDefaultSSLParameters();
                    p.setNeedClientAuth(true);
                    params.setSSLParameters(p);
                }
            });
            server = https;
        }
        server.createContext("/", this::handle);
        server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(4));
        server.start();
    }

    String url(String path) {
        String scheme = server instanceof com.sun.net.httpserver.HttpsServer ? "https" : "http";
        return scheme + "://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    private void handle(HttpExchange x) throws IOException {
        InputStream in = x.getRequestBody();
        if ("gzip".equals(x.getRequestHeaders().getFirst("Content-Encoding"))) in = new GZIPInputStream(in);
        String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        Request r = new Request(x.getRequestMethod(), x.getRequestURI().getPath(), Map.copyOf(x.getRequestHeaders()), body);
        Answer a = answer.apply(r);
        if (a.status() >= 200 && a.status() < 300) requests.add(r); // what a real server would have taken
        a.headers().forEach((k, v) -> x.getResponseHeaders().add(k, v));
        byte[] out = a.body().getBytes(StandardCharsets.UTF_8);
        x.sendResponseHeaders(a.status(), out.length == 0 ? -1 : out.length);
        if (out.length > 0) x.getResponseBody().write(out);
        x.close();
    }

    /** Every taken request body, in order. */
    String bodies() {
        StringBuilder b = new StringBuilder();
        for (Request r : requests) b.append(r.body());
        return b.toString();
    }

    @Override
    public void close() { server.stop(0); }
}
