package dev.sluice;

import dev.sluice.config.ConfigError;
import dev.sluice.config.ConfigException;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code java -jar sluice.jar --validate [files…] [--other.spring=options]}: reads the configuration
 * as the service would (plus the given files), builds every pipeline, compiles the inline Python
 * and resolves every class, without binding a port or touching the state directory. Prints the
 * errors and exits 1, or exits 0.
 */
final class ValidateCommand {
    private ValidateCommand() {}

    static int run(List<String> args, PrintStream out, PrintStream err) {
        List<String> files = new ArrayList<>();
        List<String> springArgs = new ArrayList<>();
        for (String a : args) (a.startsWith("--") ? springArgs : files).add(a);
        List<String> locations = new ArrayList<>();
        for (String f : files) {
            Path p = Path.of(f).toAbsolutePath();
            if (!Files.isRegularFile(p)) {
                err.println("Invalid Sluice configuration: cannot read " + f);
                return 1;
            }
            locations.add("file:" + p);
        }
        Path scratch;
        try {
            scratch = Files.createTempDirectory("sluice-validate");
        } catch (IOException e) {
            err.println("Cannot create a scratch directory: " + e);
            return 1;
        }
        springArgs.addAll(List.of("--spring.main.web-application-type=none", "--validate-only=true",
                "--sluice.state-dir=" + scratch, "--logging.level.root=OFF"));
        if (!locations.isEmpty()) springArgs.add("--spring.config.additional-location=" + String.join(",", locations));
        SpringApplication app = new SpringApplication(SluiceApplication.class);
        app.setRegisterShutdownHook(false);
        try (ConfigurableApplicationContext ignored = app.run(springArgs.toArray(String[]::new))) {
            out.println("Sluice configuration is valid" + (files.isEmpty() ? "" : ": " + String.join(", ", files)));
            return 0;
        } catch (Throwable t) {
            for (Throwable c = t; c != null; c = c.getCause()) {
                if (c instanceof ConfigException ce) {
                    err.println("Invalid Sluice configuration (" + ce.errors().size() + " error" + (ce.errors().size() == 1 ? "" : "s") + "):");
                    for (ConfigError e : ce.errors()) err.println("  " + e);
                    return 1;
                }
            }
            err.println("Invalid Sluice configuration: " + t);
            return 1;
        } finally {
            org.springframework.util.FileSystemUtils.deleteRecursively(scratch.toFile());
        }
    }

    static boolean requested(String[] args) { return Arrays.asList(args).contains("--validate"); }

    static List<String> rest(String[] args) {
        List<String> out = new ArrayList<>(Arrays.asList(args));
        out.remove("--validate");
        return out;
    }
}
