package dev.sluice.it;

import java.io.IOException;
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

    static SyslogNg start(Path dir, String config) throws IOException, InterruptedException {
        return start(dir, config, null);
    }

    /** Starts syslog-ng with PYTHONPATH set, for python() drivers. */
    static SyslogNg start(Path dir, String config, String pythonPath) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Path conf = dir.resolve("syslog-ng.conf");
        Files.writeString(conf, config);
        ProcessBuilder pb = new ProcessBuilder(BINARY.toString(), "-F", "--no-caps", "-f", conf.toString(),
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

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(Duration.ofSeconds(5).toMillis(), TimeUnit.MILLISECONDS)) process.destroyForcibly();
    }
}
