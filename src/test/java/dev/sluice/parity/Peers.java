package dev.sluice.parity;

import dev.sluice.it.ServiceProcess;
import dev.sluice.it.SyslogNg;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Real syslog-ng 3.38 and Sluice (a child JVM) running the same {@link ParityConfig}, each writing
 * into its own folder; one pair per test class. Files are read per row: {@code <row>.log} is what
 * the Python drivers recorded, {@code <row>.out} what a file destination wrote.
 */
final class Peers implements AutoCloseable {
    static final Path PYTHON = Path.of("src/test/resources/python").toAbsolutePath();

    final Path sngDir;
    final Path sluiceDir;
    private final SyslogNg sng;
    private final ServiceProcess sluice;
    private boolean stopped;

    private Peers(Path sngDir, Path sluiceDir, SyslogNg sng, ServiceProcess sluice) {
        this.sngDir = sngDir;
        this.sluiceDir = sluiceDir;
        this.sng = sng;
        this.sluice = sluice;
    }

    /** Skips the class when syslog-ng's python module is absent (.ci/run installs it). */
    static Peers start(String name, ParityConfig config) throws IOException, InterruptedException {
        return start(name, config, new String[0]);
    }

    /** Sluice's management port and token, for {@link #reloadSluice()}. */
    private int managementPort;
    static final String TOKEN = "parity";

    /** With {@code reloadable}, Sluice's management port is known and state-changing endpoints take {@link #TOKEN}. */
    static Peers startReloadable(String name, ParityConfig config) throws IOException, InterruptedException {
        int port = dev.sluice.it.TestPorts.free();
        Peers p = start(name, config, new String[] {"--management.server.port=" + port, "--sluice.management.token=" + TOKEN});
        p.managementPort = port;
        return p;
    }

    /**
     * Sluice alone on {@code config}; the test runs its syslog-ng(s) itself, into {@link #sngDir}
     * (for 3.38 behaviour that needs one syslog-ng per row).
     */
    static Peers startSluiceOnly(String name, ParityConfig config) throws IOException, InterruptedException {
        return start(name, config, new String[0], false);
    }

    private static Peers start(String name, ParityConfig config, String[] sluiceArgs) throws IOException, InterruptedException {
        return start(name, config, sluiceArgs, true);
    }

    private static Peers start(String name, ParityConfig config, String[] sluiceArgs, boolean withSyslogNg)
            throws IOException, InterruptedException {
        assumeTrue(SyslogNg.withPython(),
                "syslog-ng with its python module is not installed (.ci/run installs syslog-ng-core and syslog-ng-mod-python)");
        Path base = Path.of("target/parity", name).toAbsolutePath();
        clean(base);
        Path sngDir = Files.createDirectories(base.resolve("syslog-ng"));
        Path sluiceDir = Files.createDirectories(base.resolve("sluice"));
        SyslogNg sng = withSyslogNg ? SyslogNg.start(sngDir, config.syslogNg(sngDir), PYTHON.toString()) : null;
        ServiceProcess sluice = ServiceProcess.start(config.sluice(sluiceDir, PYTHON), sluiceArgs);
        return new Peers(sngDir, sluiceDir, sng, sluice);
    }

    static void clean(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }

    /** Sends {@code data} on one connection once the side listens (Sluice starts its Python interpreters first). */
    static void send(int port, byte[] data) {
        await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(250)).ignoreExceptions().until(() -> {
            try (Socket s = new Socket("127.0.0.1", port); OutputStream o = s.getOutputStream()) {
                o.write(data);
                o.flush();
            }
            return true;
        });
    }

    /** Lines of {@code file} on one side; empty when it does not exist (yet). */
    static List<String> lines(Path dir, String file) {
        try {
            Path p = dir.resolve(file);
            // byte for byte (latin-1): outputs may hold invalid UTF-8 on purpose
            return Files.exists(p) ? Files.readAllLines(p, StandardCharsets.ISO_8859_1) : List.of();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Waits until each of {@code files} has a line containing its marker, on both sides. */
    void awaitMarkers(Map<String, String> markers, Duration atMost) {
        for (Path dir : List.of(sngDir, sluiceDir)) awaitMarkers(dir, markers, atMost);
    }

    static void awaitMarkers(Path dir, Map<String, String> markers, Duration atMost) {
        markers.forEach((file, marker) -> await().atMost(atMost).pollInterval(Duration.ofMillis(200))
                .alias(dir.getFileName() + "/" + file + " has '" + marker + "'")
                .until(() -> lines(dir, file).stream().anyMatch(l -> l.contains(marker))));
    }

    /** Bytes of a file on one side. */
    static byte[] bytes(Path dir, String file) throws IOException {
        Path p = dir.resolve(file);
        return Files.exists(p) ? Files.readAllBytes(p) : new byte[0];
    }

    /** Probe lines "name = outcome" of a file, by name. */
    static Map<String, String> probes(Path dir, String file) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String l : lines(dir, file)) {
            int eq = l.indexOf(" = ");
            if (eq > 0) out.put(l.substring(0, eq), l.substring(eq + 3));
        }
        return out;
    }

    /** Stops both (SIGTERM), so that what they call at shutdown is in the files too. */
    void stop() throws InterruptedException {
        if (stopped) return;
        stopped = true;
        if (sng != null) sng.terminate();
        sluice.terminate();
    }

    void reloadSyslogNg() throws IOException, InterruptedException { sng.reload(); }

    /** POST /actuator/reload, once Sluice answers; returns the response body (the reload report). */
    String reloadSluice() {
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        java.net.http.HttpRequest post = java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://127.0.0.1:" + managementPort + "/actuator/reload"))
                .header("Authorization", "Bearer " + TOKEN).POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build();
        String[] body = new String[1];
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).ignoreExceptions().until(() -> {
            var r = http.send(post, java.net.http.HttpResponse.BodyHandlers.ofString());
            body[0] = r.statusCode() + " " + r.body();
            return r.statusCode() == 200;
        });
        return body[0];
    }

    String sluiceOutput() { return sluice.output(); }

    String syslogNgOutput() { return sng.log(); }

    @Override
    public void close() throws InterruptedException {
        try {
            stop();
        } finally {
            sluice.close();
            if (sng != null) sng.close();
        }
    }

    static List<String> withoutTimes(List<String> lines) {
        List<String> out = new ArrayList<>();
        for (String l : lines) out.add(l.replaceAll(" t=\\d+$", ""));
        return out;
    }
}
