package dev.sluice.driver;

import dev.sluice.config.ConfigError;
import dev.sluice.config.ConfigNode;

import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A driver's configuration as written, with typed accessors. Every accessor marks its key as
 * known, so after a factory has built its driver, {@link #unknownKeys()} lists the typos.
 */
public final class DriverSpec {
    private final String pipeline;
    private final String name;
    private final DriverRole role;
    private final String type;
    private final Map<String, ConfigNode> options;
    private final String origin;
    /** Which of a destination's {@code workers: N} instances this spec builds; 0 for every other driver. */
    private final int instance;
    private final Set<String> used = new HashSet<>();
    private final List<ConfigError> errors = new ArrayList<>();

    public DriverSpec(String pipeline, String name, DriverRole role, String type, Map<String, ConfigNode> options, String origin) {
        this(pipeline, name, role, type, options, origin, 0);
    }

    private DriverSpec(String pipeline, String name, DriverRole role, String type, Map<String, ConfigNode> options, String origin,
                       int instance) {
        this.instance = instance;
        this.pipeline = pipeline;
        this.name = name;
        this.role = role;
        this.type = type;
        this.options = new LinkedHashMap<>(options);
        this.origin = origin;
        used.add("type");
    }

    /** The same spec for instance {@code n} of the driver ({@code workers: N}); keys read so far count as used. */
    public DriverSpec forInstance(int n) {
        DriverSpec c = new DriverSpec(pipeline, name, role, type, options, origin, n);
        c.used.addAll(used);
        return c;
    }

    /** What makes two specs the same driver: type and options as written, wherever they were written. */
    public Object fingerprint() {
        Map<String, Object> plain = new java.util.TreeMap<>();
        options.forEach((k, v) -> plain.put(k, v.toPlain()));
        return List.of(role, type, plain);
    }

    public String pipeline() { return pipeline; }
    public String name() { return name; }
    /** Stable id {@code pipeline.name}: persist names, metrics tags, health and errors use it. */
    public String id() { return pipeline + "." + name; }
    /**
     * The id of this one instance: {@link #id()} for the first, {@code id#n} for worker n. What is
     * kept per instance (a Python interpreter) is keyed by it.
     */
    public String instanceId() { return instance == 0 ? id() : id() + "#" + instance; }
    public DriverRole role() { return role; }
    public String type() { return type; }
    public String origin() { return origin; }
    public Map<String, ConfigNode> options() { return options; }


    public ConfigNode node(String key) {
        used.add(key);
        return options.get(key);
    }

    public String string(String key, String dflt) {
        ConfigNode n = node(key);
        if (n == null) return dflt;
        if (!n.isScalar()) { error(key, "expected a single value"); return dflt; }
        return n.asString();
    }

    public String requiredString(String key) {
        String v = string(key, null);
        if (v == null || v.isBlank()) error(key, "is required for a '" + type + "' " + role.name().toLowerCase());
        return v;
    }

    public int integer(String key, int dflt) {
        String s = string(key, null);
        if (s == null) return dflt;
        try {
            return Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            error(key, "expected an integer, got '" + s + "'");
            return dflt;
        }
    }

    public int port(String key, int dflt) {
        int p = integer(key, dflt);
        if (p < 0 || p > 65535) error(key, "port " + p + " is out of range 0-65535");
        return p;
    }

    public boolean bool(String key, boolean dflt) {
        String s = string(key, null);
        if (s == null) return dflt;
        return switch (s.trim().toLowerCase()) {
            case "true", "yes", "on", "1" -> true;
            case "false", "no", "off", "0" -> false;
            default -> { error(key, "expected true or false, got '" + s + "'"); yield dflt; }
        };
    }

    /** Spring-style durations ({@code 200ms}, {@code 1s}) or plain seconds as syslog-ng writes them. */
    public Duration duration(String key, Duration dflt) {
        String s = string(key, null);
        if (s == null) return dflt;
        String t = s.trim();
        try {
            if (t.matches("\\d+(\\.\\d+)?")) return Duration.ofNanos((long) (Double.parseDouble(t) * 1e9));
            if (t.matches("\\d+(ms|s|m|h|d|us|ns)")) {
                return org.springframework.boot.convert.DurationStyle.SIMPLE.parse(t);
            }
            return Duration.parse(t);
        } catch (RuntimeException e) {
            error(key, "expected a duration such as 500ms or 2s, got '" + s + "'");
            return dflt;
        }
    }

    /** Sizes in bytes: {@code 65536}, {@code 64KiB}, {@code 1MB}. */
    public long size(String key, long dflt) {
        String s = string(key, null);
        if (s == null) return dflt;
        try {
            return org.springframework.util.unit.DataSize.parse(s.trim().replace("iB", "B")).toBytes();
        } catch (RuntimeException e) {
            error(key, "expected a size such as 65536, 64KB or 1MB, got '" + s + "'");
            return dflt;
        }
    }

    public ZoneId zone(String key) {
        String s = string(key, null);
        if (s == null) return null;
        try {
            return ZoneId.of(s.trim());
        } catch (RuntimeException e) {
            error(key, "unknown time zone '" + s + "'");
            return null;
        }
    }

    public List<String> stringList(String key) {
        ConfigNode n = node(key);
        if (n == null) return List.of();
        List<ConfigNode> list = n.asList();
        if (list == null) {
            if (n.isScalar()) return List.of(n.asString().split("\\s*,\\s*"));
            error(key, "expected a list");
            return List.of();
        }
        return list.stream().map(ConfigNode::asString).toList();
    }

    /** A list, or one value as a list of one, never split at commas (patterns and formats hold them). */
    public List<String> values(String key) {
        ConfigNode n = node(key);
        if (n == null) return List.of();
        if (n.isScalar()) return List.of(n.asString());
        List<ConfigNode> list = n.asList();
        if (list == null) {
            error(key, "expected a value or a list of values");
            return List.of();
        }
        return list.stream().map(ConfigNode::asString).toList();
    }

    public <E extends Enum<E>> E choice(String key, Class<E> type, E dflt) {
        String s = string(key, null);
        if (s == null) return dflt;
        String norm = s.trim().toUpperCase().replace('-', '_').replace('+', '_');
        for (E e : type.getEnumConstants()) if (e.name().equals(norm)) return e;
        List<String> allowed = new ArrayList<>();
        for (E e : type.getEnumConstants()) allowed.add(e.name().toLowerCase().replace('_', '-'));
        error(key, "expected one of " + allowed + ", got '" + s + "'");
        return dflt;
    }

    public void error(String key, String message) {
        ConfigNode n = key == null ? null : options.get(key);
        errors.add(new ConfigError(pipeline, name, key, n != null && n.origin() != null ? n.origin() : origin, message));
    }

    /** Errors so far, plus one per key no accessor asked for. */
    public List<ConfigError> errors() {
        List<ConfigError> all = new ArrayList<>(errors);
        for (String key : unknownKeys()) {
            ConfigNode n = options.get(key);
            all.add(new ConfigError(pipeline, name, key, n.origin(), "unknown key for driver type '" + type + "'"));
        }
        return all;
    }

    public List<String> unknownKeys() {
        return options.keySet().stream().filter(k -> !used.contains(k)).toList();
    }
}
