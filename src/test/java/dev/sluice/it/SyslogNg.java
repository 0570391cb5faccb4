package dev.sluice.it;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** A real syslog-ng started for a test, on its own config, persist file and control socket. */
public final class SyslogNg implements AutoCloseable {
    public static final Path BINARY = Path.of("/usr/sbin/syslog-ng");

    private final Process process;
    private final Path dir;

    private SyslogNg(Process process, Path dir) {
        this.process = process;
        this.dir = dir;
    }

    public static boolean installed() { return Files.isExecutable(BINARY); }

    /** syslog-ng and its python module (the parity tests need both). */
    public static boolean withPython() {
        return installed() && Files.isDirectory(Path.of("/usr/lib/syslog-ng/3.38/python/syslogng"));
    }

    /** Runs syslog-ng on {@code config} until it exits by itself (a refused start): its status and output. */
    public static Result startFailing(Path dir, String config, String pythonPath) throws IOException, InterruptedException {
        Process p = launch(dir, config, pythonPath);
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("syslog-ng did not refuse the configuration: " + Files.readString(dir.resolve("syslog-ng.out")));
        }
        return new Result(p.exitValue(), Files.readString(dir.resolve("syslog-ng.out")));
    }

    public record Result(int status, String output) {}

    /** {@code syslog-ng-ctl reload}, as an operator reloads syslog-ng. */
    public void reload() throws IOException, InterruptedException {
        Process p = new ProcessBuilder("/usr/sbin/syslog-ng-ctl", "reload", "-c", dir.resolve("ctl").toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) throw new IllegalStateException("syslog-ng-ctl reload failed: " + out + log());
    }

    /** SIGTERM and wait: syslog-ng shuts its drivers down in order (flush, close, deinit). */
    public int terminate() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) process.destroyForcibly();
        return process.waitFor();
    }

    /** Starts syslog-ng and waits until it accepts connections on each of {@code ports}. */
    public static SyslogNg start(Path dir, String config, int... ports) throws IOException, InterruptedException {
        SyslogNg sng = start(dir, config, (String) null);
        for (int port : ports) sng.awaitListening(port);
        return sng;
    }

    /** Starts syslog-ng with PYTHONPATH set, for python() drivers. */
    public static SyslogNg start(Path dir, String config, String pythonPath) throws IOException, InterruptedException {
        Process p = launch(dir, config, pythonPath);
        if (p.waitFor(1500, TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("syslog-ng exited with " + p.exitValue() + ": " + Files.readString(dir.resolve("syslog-ng.out")));
        }
        return new SyslogNg(p, dir);
    }

    /** syslog-ng in the foreground on its own config, persist file, pid file and control socket in {@code dir}. */
    private static Process launch(Path dir, String config, String pythonPath) throws IOException {
        Files.createDirectories(dir);
        Path conf = dir.resolve("syslog-ng.conf");
        Files.writeString(conf, config);
        ProcessBuilder pb = new ProcessBuilder(BINARY.toString(), "-F", "-e", "--no-caps", "-f", conf.toString(),
                "-R", dir.resolve("persist").toString(), "-p", dir.resolve("pid").toString(), "-c", dir.resolve("ctl").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("syslog-ng.out").toFile());
        if (pythonPath != null) pb.environment().put("PYTHONPATH", pythonPath);
        return pb.start();
    }

    public Path dir() { return dir; }

    /** What syslog-ng logged about itself (-e), to explain a failed wait. */
    public String log() {
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
