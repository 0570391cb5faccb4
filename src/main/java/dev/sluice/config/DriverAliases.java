package dev.sluice.config;

import dev.sluice.driver.DriverRole;
import dev.sluice.driver.DriverSpec;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * "More native" driver names, syslog-ng's SCL blocks for Python drivers: {@code type: my-destination}
 * expands to a Python driver of the alias's kind and class, with the alias's options as defaults.
 * Aliases come from {@code sluice.drivers} and from {@code sluice-drivers.yaml} files shipped inside
 * Python packages on the module path (the configuration wins on a name clash).
 */
public final class DriverAliases {
    /** Keys that configure the driver itself; every other key of an aliased driver is a Python option. */
    static final Set<String> DRIVER_KEYS = Set.of("type", "class", "loaders", "options", "persist-name", "fetch-no-data-delay",
            "time-reopen", "log-iw-size", "flags", "keep-hostname", "time-zone", "log-msg-size", "value-pairs", "log-fifo-size",
            "batch-lines", "batch-timeout", "retries", "drain-timeout", "frac-digits", "disk-buffer", "workers", "throttle",
            "ts-format", "host-override", "program-override", "tags", "filter");
    /** Driver keys of sources only: a destination's {@code format} stays a Python option. */
    static final Set<String> SOURCE_KEYS = Set.of("format");

    private final Map<String, ConfigNode> aliases;

    public DriverAliases(Map<String, ConfigNode> aliases) { this.aliases = aliases; }

    /** Aliases of the configuration plus those found in {@code <module dir>/<package>/sluice-drivers.yaml}. */
    public static DriverAliases discover(Map<String, ConfigNode> configured, List<String> moduleDirs, List<ConfigError> errors) {
        Map<String, ConfigNode> all = new LinkedHashMap<>();
        for (String dir : moduleDirs) {
            Path root = Path.of(dir);
            if (!Files.isDirectory(root)) continue;
            try (DirectoryStream<Path> packages = Files.newDirectoryStream(root, Files::isDirectory)) {
                for (Path pkg : packages) {
                    Path file = pkg.resolve("sluice-drivers.yaml");
                    if (Files.isRegularFile(file)) all.putAll(read(file, errors));
                }
            } catch (IOException e) {
                errors.add(ConfigError.global("sluice.python.path", null, "cannot list " + root + ": " + e.getMessage()));
            }
        }
        all.putAll(configured);
        return new DriverAliases(all);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, ConfigNode> read(Path file, List<ConfigError> errors) {
        try (Reader r = Files.newBufferedReader(file)) {
            Object doc = new Yaml().load(r);
            if (doc instanceof Map<?, ?> m && m.get("drivers") instanceof Map<?, ?> drivers) {
                ConfigNode node = node(drivers, file.toString());
                return node.asMap();
            }
            errors.add(ConfigError.global("drivers", file.toString(), "expected a top-level 'drivers:' map"));
        } catch (IOException | RuntimeException e) {
            errors.add(ConfigError.global("drivers", file.toString(), "cannot read: " + e.getMessage()));
        }
        return Map.of();
    }

    private static ConfigNode node(Object value, String origin) {
        if (value instanceof Map<?, ?> m) {
            Map<String, ConfigNode> out = new LinkedHashMap<>();
            m.forEach((k, v) -> out.put(String.valueOf(k), node(v, origin)));
            return new ConfigNode(out, origin);
        }
        if (value instanceof List<?> l) {
            List<ConfigNode> out = new ArrayList<>();
            for (Object v : l) out.add(node(v, origin));
            return new ConfigNode(out, origin);
        }
        return new ConfigNode(value, origin);
    }

    public boolean has(String type) { return aliases.containsKey(type); }

    /** The Python driver an aliased spec stands for; errors are recorded on the spec. */
    public DriverSpec expand(DriverSpec spec) {
        Map<String, ConfigNode> alias = aliases.get(spec.type()).asMap();
        String kind = alias == null || alias.get("kind") == null ? null : alias.get("kind").asString();
        String type = switch (kind == null ? "" : kind) {
            case "fetcher" -> spec.role() == DriverRole.SOURCE ? "python-fetcher" : null;
            case "source" -> spec.role() == DriverRole.SOURCE ? "python" : null;
            case "parser" -> spec.role() == DriverRole.PARSER ? "python" : null;
            case "destination" -> spec.role() == DriverRole.DESTINATION ? "python" : null;
            default -> null;
        };
        if (type == null || alias.get("class") == null) {
            spec.error("type", "driver alias '" + spec.type() + "' needs kind (source, fetcher, parser or destination, matching where it is used) and class");
            return spec;
        }
        Map<String, ConfigNode> options = new LinkedHashMap<>();
        ConfigNode defaults = alias.get("options");
        if (defaults != null && defaults.asMap() != null) options.putAll(defaults.asMap());
        Map<String, ConfigNode> driver = new LinkedHashMap<>();
        spec.options().forEach((k, v) -> {
            if (k.equals("options") && v.asMap() != null) options.putAll(v.asMap());
            else if (DRIVER_KEYS.contains(k) || spec.role() == DriverRole.SOURCE && SOURCE_KEYS.contains(k)) driver.put(k, v);
            else options.put(k, v);
        });
        driver.put("type", new ConfigNode(type, spec.origin()));
        driver.put("class", alias.get("class"));
        if (alias.get("loaders") != null && !driver.containsKey("loaders")) driver.put("loaders", alias.get("loaders"));
        driver.put("options", new ConfigNode(options, spec.origin()));
        return new DriverSpec(spec.pipeline(), spec.name(), spec.role(), type, driver, spec.origin());
    }
}
