package dev.sluice.it;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The real service in a child JVM (same classpath and JIT flags as the tests), with its output captured. */
public final class ServiceProcess implements AutoCloseable {
    private final Process process;
    private final Path output;

    private ServiceProcess(Process process, Path output) {
        this.process = process;
        this.output = output;
    }

    public static ServiceProcess start(String configYaml, String... extraArgs) throws IOException {
        Path dir = Files.createDirectories(Path.of("target/service-process"));
        Path config = Files.createTempFile(dir, "config", ".yaml");
        Files.writeString(config, configYaml);
        Path output = Files.createTempFile(dir, "output", ".log");
        List<String> cmd = javaCommand();
        cmd.add("--spring.config.additional-location=file:" + config.toAbsolutePath());
        if (Arrays.stream(extraArgs).noneMatch(a -> a.startsWith("--server.port="))) cmd.add("--server.port=0");
        if (Arrays.stream(extraArgs).noneMatch(a -> a.startsWith("--management.server.port="))) cmd.add("--management.server.port=0");
        if (Arrays.stream(extraArgs).noneMatch(a -> a.startsWith("--sluice.state-dir="))) {
            cmd.add("--sluice.state-dir=" + Files.createTempDirectory(dir, "state").toAbsolutePath());
        }
        cmd.addAll(List.of(extraArgs));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        return new ServiceProcess(p, output);
    }

    /** java with the tests' JIT flags and classpath, running the service's main class. */
    static List<String> javaCommand() {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (arg.startsWith("-XX:") || arg.startsWith("--upgrade-module-path") || arg.startsWith("--sun-misc")
                    || arg.startsWith("--enable-native-access") || arg.startsWith("-Xss")) cmd.add(arg);
        }
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add("dev.sluice.SluiceApplication");
        return cmd;
    }

    /** Runs the main class with exactly these arguments and waits: (exit status, output). */
    public static Result run(String... args) throws IOException, InterruptedException {
        List<String> cmd = javaCommand();
        cmd.addAll(List.of(args));
        Path output = Files.createTempFile(Files.createDirectories(Path.of("target/service-process")), "run", ".log");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        if (!p.waitFor(180, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("did not exit: " + Files.readString(output));
        }
        return new Result(p.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
    }

    public record Result(int status, String output) {}

    public String output() {
        try {
            return Files.readString(output, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A condition on what the service did, checked from outside. */
    public interface Condition {
        boolean holds() throws Exception;
    }

    /** Waits up to two minutes for {@code c}; fails with {@code what} and the service's output. */
    public void await(Condition c, String what) {
        try {
            Awaitility.await(what).atMost(Duration.ofSeconds(120)).until(c::holds);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("waited in vain for " + what + "; service output:\n" + output(), e);
        }
    }

    /** Waits for the process to exit on its own and returns its status. */
    public int awaitExit() throws InterruptedException {
        if (!process.waitFor(120, TimeUnit.SECONDS)) throw new IllegalStateException("service did not exit:\n" + output());
        return process.exitValue();
    }

    /** SIGTERM, as Kubernetes stops a pod; returns the exit status. */
    public int terminate() throws InterruptedException {
        process.destroy();
        return awaitExit();
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
