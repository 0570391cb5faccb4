package dev.sluice.template;

import dev.sluice.message.LogMessage;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code $(format-json --scope rfc5424 --key glob --exclude glob name=$template …)}: value-pairs as a
 * JSON object. Dotted names nest ({@code a.b=x} gives {@code {"a":{"b":"x"}}}); typed values keep
 * their JSON type.
 */
final class FormatJson implements TemplateFunction {
    private static final List<String> RFC3164 = List.of("FACILITY", "PRIORITY", "DATE", "HOST", "PROGRAM", "PID", "MESSAGE");
    private static final List<String> RFC5424_EXTRA = List.of("MSGID");
    private static final List<String> SELECTED = List.of("SOURCEIP", "SEQNUM");

    public String name() { return "format-json"; }

    public Call prepare(List<String> args, TemplateCompiler compiler) {
        List<String> macros = new ArrayList<>();
        boolean nvPairs = false;
        boolean sdata = false;
        List<PathMatcher> keys = new ArrayList<>();
        List<PathMatcher> excludes = new ArrayList<>();
        Map<String, Template> pairs = new LinkedHashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--scope") || a.equals("--key") || a.equals("--exclude") || a.equals("--pair")) {
                if (i + 1 >= args.size()) throw new TemplateException("$(format-json): " + a + " needs a value");
                String v = args.get(++i);
                switch (a) {
                    case "--scope" -> {
                        for (String scope : v.split(",")) {
                            switch (scope.trim()) {
                                case "rfc3164", "core", "base" -> macros.addAll(RFC3164);
                                case "rfc5424", "syslog-proto" -> { macros.addAll(RFC3164); macros.addAll(RFC5424_EXTRA); sdata = true; }
                                case "selected-macros" -> { macros.addAll(RFC3164); macros.addAll(SELECTED); }
                                case "nv-pairs", "all-nv-pairs" -> nvPairs = true;
                                case "sdata" -> sdata = true;
                                case "all-macros", "everything" -> { macros.addAll(Macros.names()); nvPairs = true; sdata = true; }
                                case "dot-nv-pairs" -> sdata = true;
                                default -> throw new TemplateException("$(format-json): unknown scope '" + scope + "'");
                            }
                        }
                    }
                    case "--key" -> keys.add(glob(v));
                    case "--exclude" -> excludes.add(glob(v));
                    default -> addPair(v, pairs, compiler);
                }
            } else if (a.contains("=") && !a.startsWith("-")) {
                addPair(a, pairs, compiler);
            } else {
                throw new TemplateException("$(format-json): unexpected argument '" + a + "'");
            }
        }
        List<String> macroList = macros.stream().distinct().toList();
        boolean withNv = nvPairs;
        boolean withSdata = sdata;
        return (m, o, out) -> {
            Map<String, Object> flat = new LinkedHashMap<>();
            for (String name : macroList) {
                String v = Macros.render(name, m, o);
                if (v != null && !v.isEmpty()) flat.put(name, v);
            }
            for (Map.Entry<String, Object> e : m.values().entrySet()) {
                boolean isSdata = e.getKey().startsWith(".SDATA.");
                if ((isSdata && withSdata) || (!isSdata && withNv) || matches(keys, e.getKey())) flat.put(e.getKey(), e.getValue());
            }
            if (!keys.isEmpty()) {
                for (String name : Macros.names()) {
                    if (matches(keys, name)) flat.put(name, Macros.render(name, m, o));
                }
            }
            if (!excludes.isEmpty()) flat.keySet().removeIf(k -> matches(excludes, k));
            for (Map.Entry<String, Template> p : pairs.entrySet()) flat.put(p.getKey(), p.getValue().render(m, o));
            Json.writeObject(nest(flat), out);
        };
    }

    private static void addPair(String spec, Map<String, Template> pairs, TemplateCompiler compiler) {
        int eq = spec.indexOf('=');
        if (eq <= 0) throw new TemplateException("$(format-json): expected name=value, got '" + spec + "'");
        pairs.put(spec.substring(0, eq), compiler.compile(spec.substring(eq + 1)));
    }

    private static PathMatcher glob(String pattern) {
        // Path globs treat '/' specially; message names never contain it, so the matcher is exact enough.
        return FileSystems.getDefault().getPathMatcher("glob:" + pattern);
    }

    private static boolean matches(List<PathMatcher> globs, String name) {
        if (globs.isEmpty() || name.contains("/")) return false;
        Path p = Path.of(name);
        for (PathMatcher g : globs) if (g.matches(p)) return true;
        return false;
    }

    /** Dotted names become nested objects; a leading dot (".SDATA.x") is dropped as syslog-ng does. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> nest(Map<String, Object> flat) {
        Map<String, Object> root = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : flat.entrySet()) {
            String key = e.getKey().startsWith(".") ? e.getKey().substring(1) : e.getKey();
            String[] path = key.split("\\.");
            Map<String, Object> node = root;
            for (int i = 0; i < path.length - 1; i++) {
                Object child = node.get(path[i]);
                if (!(child instanceof Map)) {
                    child = new LinkedHashMap<String, Object>();
                    node.put(path[i], child);
                }
                node = (Map<String, Object>) child;
            }
            node.put(path[path.length - 1], e.getValue());
        }
        return root;
    }
}
