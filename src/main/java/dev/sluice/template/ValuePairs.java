package dev.sluice.template;

import dev.sluice.message.LogMessage;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * syslog-ng's value-pairs: which names a message hands to an output and with which types. The
 * {@code scope}s select macros and pairs, {@code key} adds names matching a glob, {@code exclude}
 * removes them, {@code pair}s add templates with an optional type hint ({@link TypedValue}),
 * {@code rekey} renames (add-prefix, replace-prefix, shift), {@code omit-empty-values} leaves out
 * empty strings, and {@code on-error} decides what a failed cast does.
 */
public final class ValuePairs {
    /** What a failed type cast does; the {@code silently-} forms do the same without logging. */
    public enum OnError {
        DROP_MESSAGE, DROP_PROPERTY, FALLBACK_TO_STRING, SILENTLY_DROP_MESSAGE, SILENTLY_DROP_PROPERTY, SILENTLY_FALLBACK_TO_STRING;

        boolean dropsMessage() { return this == DROP_MESSAGE || this == SILENTLY_DROP_MESSAGE; }
        boolean dropsProperty() { return this == DROP_PROPERTY || this == SILENTLY_DROP_PROPERTY; }
        boolean silent() { return name().startsWith("SILENTLY"); }

        public static OnError of(String s) {
            try {
                return valueOf(s.trim().toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
            } catch (IllegalArgumentException e) {
                throw new TemplateException("unknown on-error '" + s + "' (drop-message, drop-property, fallback-to-string, "
                        + "silently-drop-message, silently-drop-property, silently-fallback-to-string)");
            }
        }
    }

    static final List<String> RFC3164 = List.of("FACILITY", "PRIORITY", "DATE", "HOST", "PROGRAM", "PID", "MESSAGE");
    /** The header fields syslog-ng keeps as name-value pairs (so nv-pairs lists them when set). */
    static final List<String> HEADER_PAIRS = List.of("HOST", "HOST_FROM", "PROGRAM", "PID", "MSGID", "MESSAGE", "SOURCE");

    private record Pair(String name, Template value, TypedValue type) {}

    private record Rekey(Glob glob, List<UnaryOperator<String>> steps) {}

    private final List<String> macros = new ArrayList<>();
    private boolean nvPairs, dotNvPairs, sdata;
    private final List<Glob> keys = new ArrayList<>(), excludes = new ArrayList<>();
    private final List<Pair> pairs = new ArrayList<>();
    private final List<Rekey> rekeys = new ArrayList<>();
    private boolean omitEmpty;
    private OnError onError = OnError.DROP_MESSAGE;
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(ValuePairs.class);
    private volatile long lastLog;

    public ValuePairs scope(String scope) {
        switch (scope.trim()) {
            case "rfc3164", "core", "base" -> macros.addAll(RFC3164);
            case "rfc5424", "syslog-proto" -> { macros.addAll(RFC3164); macros.add("MSGID"); sdata = true; }
            case "selected-macros" -> { macros.addAll(RFC3164); macros.addAll(List.of("TAGS", "SOURCEIP", "SEQNUM")); }
            case "nv-pairs" -> nvPairs = true;
            case "dot-nv-pairs" -> dotNvPairs = true;
            case "all-nv-pairs" -> { nvPairs = true; dotNvPairs = true; }
            case "sdata" -> sdata = true;
            case "all-macros" -> macros.addAll(Macros.names());
            case "everything" -> { macros.addAll(Macros.names()); nvPairs = true; dotNvPairs = true; }
            default -> throw new TemplateException("unknown scope '" + scope + "' (nv-pairs, dot-nv-pairs, all-nv-pairs, rfc3164, "
                    + "core, base, rfc5424, syslog-proto, selected-macros, sdata, all-macros, everything)");
        }
        return this;
    }

    public ValuePairs key(String glob) { keys.add(new Glob(glob)); return this; }

    public ValuePairs exclude(String glob) { excludes.add(new Glob(glob)); return this; }

    /** A pair {@code name=value}, where value may be a type hint around a template: {@code int64(${x})}. */
    public ValuePairs pair(String name, String value, TemplateCompiler compiler) {
        TypedValue type = null;
        String template = value;
        int open = value.indexOf('(');
        if (open > 0 && value.endsWith(")")) {
            type = TypedValue.hint(value.substring(0, open));
            if (type != null) template = value.substring(open + 1, value.length() - 1);
        }
        pairs.add(new Pair(name, compiler.compile(template), type));
        return this;
    }

    /** Starts a rekey rule for names matching {@code glob}; the following add-prefix/replace-prefix/shift belong to it. */
    public ValuePairs rekey(String glob) { rekeys.add(new Rekey(new Glob(glob), new ArrayList<>())); return this; }

    public ValuePairs addPrefix(String prefix) { return step(n -> prefix + n); }

    public ValuePairs replacePrefix(String from, String to) { return step(n -> n.startsWith(from) ? to + n.substring(from.length()) : n); }

    public ValuePairs shift(int chars) { return step(n -> n.length() > chars ? n.substring(chars) : ""); }

    private ValuePairs step(UnaryOperator<String> step) {
        if (rekeys.isEmpty()) rekeys.add(new Rekey(new Glob("*"), new ArrayList<>()));
        rekeys.get(rekeys.size() - 1).steps.add(step);
        return this;
    }

    public ValuePairs omitEmptyValues() { omitEmpty = true; return this; }

    public ValuePairs onError(OnError mode) { onError = mode; return this; }

    /**
     * The selected names and their values into {@code out}: Strings, {@link TypedValue.Raw} JSON tokens,
     * lists of strings, or a pair's own typed value. False when a cast failed and on-error drops the message.
     */
    public boolean collect(LogMessage m, TemplateOptions o, Map<String, Object> out) {
        // a name selected twice is put twice: the map keeps one, and the output's order is its own
        for (String macro : macros) put(macro, header(macro, m, o), out);
        boolean anyKeys = !keys.isEmpty();
        for (String h : HEADER_PAIRS) if (nvPairs || (anyKeys && matches(keys, h))) put(h, header(h, m, o), out);
        for (Map.Entry<String, Object> e : m.values().entrySet()) {
            String name = e.getKey();
            boolean dot = name.startsWith(".");
            if ((dot ? dotNvPairs || (sdata && name.startsWith(".SDATA.")) : nvPairs) || (anyKeys && matches(keys, name))) {
                if (e.getValue() != null) put(name, e.getValue(), out); // None from Python: nothing to output
            }
        }
        if (anyKeys) {
            for (String name : Macros.names()) {
                if (!HEADER_PAIRS.contains(name) && matches(keys, name)) put(name, Macros.render(name, m, o), out);
            }
        }
        for (Pair p : pairs) {
            String text = p.value.render(m, o);
            if (omitEmpty && text.isEmpty()) continue;
            Object v = p.type == null ? text : p.type.cast(text);
            if (v == null) {
                if (!onError.silent()) logCastError(p, text);
                if (onError.dropsMessage()) return false;
                if (onError.dropsProperty()) continue;
                v = text;
            }
            out.put(rename(p.name), v);
        }
        return true;
    }

    /** A selected name's value, unless excluded; empty macro and header texts are left out, as syslog-ng does. */
    private void put(String name, Object value, Map<String, Object> out) {
        if (value == null) return;
        if (value instanceof String s && s.isEmpty() && (omitEmpty || Macros.isMacro(name))) return;
        if (!excludes.isEmpty() && matches(excludes, name)) return;
        out.put(rekeys.isEmpty() ? name : rename(name), value);
    }

    /** A header field read directly (no render buffer), anything else rendered as its macro. */
    private static String header(String name, LogMessage m, TemplateOptions o) {
        return switch (name) {
            case "HOST" -> m.host();
            case "HOST_FROM" -> m.hostFrom();
            case "PROGRAM" -> m.program();
            case "PID" -> m.pid();
            case "MSGID" -> m.msgid();
            case "MESSAGE" -> m.message();
            case "SOURCE" -> m.sourceName();
            default -> Macros.render(name, m, o);
        };
    }

    /** The selection as one JSON object, written as {@code $(format-json)} writes it; false (nothing written) when on-error drops the message. */
    public boolean writeJson(LogMessage m, TemplateOptions o, StringBuilder out) {
        Map<String, Object> flat = new java.util.HashMap<>(64);
        if (!collect(m, o, flat)) return false;
        FormatJson.writeNested(flat, out);
        return true;
    }

    private String rename(String name) {
        String n = name;
        for (Rekey r : rekeys) {
            if (!r.glob.matches(n)) continue;
            for (UnaryOperator<String> s : r.steps) n = s.apply(n);
        }
        return n;
    }

    private void logCastError(Pair p, String text) {
        long now = System.nanoTime();
        if (now - lastLog < 10_000_000_000L) return;
        lastLog = now;
        log.warn("Casting error; value='{}', type-hint='{}', name='{}' (on-error: {}; logged once per 10 s)",
                text, p.type.name().toLowerCase(java.util.Locale.ROOT), p.name, onError.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
    }

    private static boolean matches(List<Glob> globs, String name) {
        for (Glob g : globs) if (g.matches(name)) return true;
        return false;
    }
}
