package dev.sluice.it;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** A real syslog-ng started for a test, on its own config, persist file and control socket. */
final class SyslogNg implements AutoCloseable {
    static final Path BINARY = Path.of("/usr/sbin/syslog-ng");

    private final Process process;
    private final Path dir;

    private SyslogNg(Process process, Path dir) {
        this.process = process;
        this.dir = dir;
    }

    static boolean installed() { return Files.isExecutable(BINARY); }

    /** Starts syslog-ng and waits until it accepts connections on each of {@code ports}. */
    static SyslogNg start(Path dir, String config, int... ports) throws IOException, InterruptedException {
        SyslogNg sng = start(dir, config, (String) null);
        for (int port : ports) sng.awaitListening(port);
        return sng;
    }

    /** Starts syslog-ng with PYTHONPATH set, for python() drivers. */
    static SyslogNg start(Path dir, String config, String pythonPath) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Path conf = dir.resolve("syslog-ng.conf");
        Files.writeString(conf, config);
        ProcessBuilder pb = new ProcessBuilder(BINARY.toString(), "-F", "-e", "--no-caps", "-f", conf.toString(),
                "-R", dir.resolve("persist").toString(), "-p", dir.resolve("pid").toString(), "-c", dir.resolve("ctl").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("syslog-ng.out").toFile());
        if (pythonPath != null) pb.environment().put("PYTHONPATH", pythonPath);
        Process p = pb.start();
        if (p.waitFor(1500, TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("syslog-ng exited with " + p.exitValue() + ": " + Files.readString(dir.resolve("syslog-ng.out")));
        }
        return new SyslogNg(p, dir);
    }

    Path dir() { return dir; }

    /** What syslog-ng logged about itself (-e), to explain a failed wait. */
    String log() {
        try {
            return Files.readString(dir.resolve("syslog-ng.out"));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** A fixed sleep is not enough on a loaded machine: poll until the listener is up. */
    private void awaitListening(int port) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (true) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return;
            } catch (IOException notYet) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    throw new IllegalStateException("syslog-ng is not listening on port " + port + ": " + log());
                }
                Thread.sleep(50);
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(Duration.ofSeconds(5).toMillis(), TimeUnit.MILLISECONDS)) process.destroyForcibly();
    }
}
