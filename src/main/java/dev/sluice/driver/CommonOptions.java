package dev.sluice.driver;

import dev.sluice.config.ConfigNode;
import dev.sluice.message.LogMessage;
import dev.sluice.message.ParseOptions;
import dev.sluice.template.Template;
import dev.sluice.template.TemplateException;
import dev.sluice.template.TemplateOptions;
import dev.sluice.template.TsFormat;
import dev.sluice.template.ValuePairs;

import java.time.ZoneId;
import java.util.List;
import java.util.Map;

/** Options many drivers share, named as in syslog-ng. */
public final class CommonOptions {
    private CommonOptions() {}

    /** A source's {@code flags} as syslog-ng names them ({@code no_parse} and {@code no-parse} alike). */
    public static List<String> flags(DriverSpec spec) {
        return spec.stringList("flags").stream().map(f -> f.trim().replace('_', '-')).toList();
    }

    /** {@code flags} (no-parse, store-raw-message, sanitize-utf8), {@code keep-hostname}, {@code time-zone}, {@code log-msg-size}. */
    public static ParseOptions parseOptions(DriverSpec spec) {
        List<String> flags = flags(spec);
        boolean parse = true;
        boolean raw = false;
        boolean sanitize = false;
        boolean validate = false;
        for (String f : flags) {
            switch (f) {
                case "no-parse" -> parse = false;
                case "store-raw-message" -> raw = true;
                case "sanitize-utf8" -> sanitize = true;
                case "validate-utf8" -> validate = true;
                // assume-utf8: nothing is converted anyway; invalid input is always counted (invalid-utf8)
                case "syslog-protocol", "no-multi-line", "assume-utf8" -> { }
                default -> spec.error("flags", "unknown flag '" + f + "' (known: no-parse, store-raw-message, sanitize-utf8, "
                        + "validate-utf8, assume-utf8, syslog-protocol, no-multi-line)");
            }
        }
        ZoneId zone = spec.zone("time-zone");
        long max = spec.size("log-msg-size", ParseOptions.DEFAULT_MAX_MESSAGE_SIZE);
        if (max < 64 || max > 256L * 1024 * 1024) spec.error("log-msg-size", "must be between 64 bytes and 256 MiB");
        return new ParseOptions(parse, spec.bool("keep-hostname", true), zone == null ? ZoneId.systemDefault() : zone,
                (int) Math.max(64, Math.min(max, 256L * 1024 * 1024)), raw, sanitize, validate);
    }

    /** The template under {@code key} (or {@code dflt}), compiled; null when neither is set or it does not compile (error recorded). */
    public static Template template(DriverSpec spec, DriverContext context, String key, String dflt) {
        String text = spec.string(key, dflt);
        if (text == null) return null;
        try {
            return context.templates().compile(text);
        } catch (TemplateException e) {
            spec.error(key, e.getMessage());
            return null;
        }
    }

    /**
     * {@code value-pairs} written as a map: {@code scope} (one or a list), {@code key}, {@code exclude}
     * (globs), {@code pair} ({@code {name: 'int64(${x})'}}), {@code rekey} ({@code [{glob: 'j.*',
     * shift: 2, add-prefix: x., replace-prefix: {old: new}}]}), {@code omit-empty-values}, {@code on-error}.
     * Null when the key is not a map (errors are recorded on the spec).
     */
    public static ValuePairs valuePairs(DriverSpec spec, DriverContext context, String key) {
        ConfigNode node = spec.node(key);
        Map<String, ConfigNode> map = node == null ? null : node.asMap();
        if (map == null || node.asList() != null) return null;
        ValuePairs vp = new ValuePairs();
        try {
            for (Map.Entry<String, ConfigNode> e : map.entrySet()) {
                ConfigNode v = e.getValue();
                switch (e.getKey()) {
                    case "scope" -> { for (String s : strings(v)) vp.scope(s); }
                    case "key" -> { for (String s : strings(v)) vp.key(s); }
                    case "exclude" -> { for (String s : strings(v)) vp.exclude(s); }
                    case "pair" -> {
                        if (v.asMap() == null) throw new TemplateException("pair: expected {name: template, …}");
                        v.asMap().forEach((name, t) -> vp.pair(name, t.asString(), context.templates()));
                    }
                    case "rekey" -> {
                        List<ConfigNode> rules = v.asList() != null ? v.asList() : List.of(v);
                        for (ConfigNode r : rules) rekey(vp, r);
                    }
                    case "omit-empty-values" -> { if (Boolean.parseBoolean(v.asString())) vp.omitEmptyValues(); }
                    case "on-error" -> vp.onError(ValuePairs.OnError.of(v.asString()));
                    default -> throw new TemplateException("unknown key '" + e.getKey()
                            + "' (scope, key, exclude, pair, rekey, omit-empty-values, on-error)");
                }
            }
        } catch (TemplateException ex) {
            spec.error(key, ex.getMessage());
            return null;
        }
        return vp;
    }

    private static void rekey(ValuePairs vp, ConfigNode rule) {
        Map<String, ConfigNode> r = rule.asMap();
        if (r == null || !r.containsKey("glob")) throw new TemplateException("rekey: expected {glob: …, add-prefix|replace-prefix|shift: …}");
        vp.rekey(r.get("glob").asString());
        for (Map.Entry<String, ConfigNode> step : r.entrySet()) {
            switch (step.getKey()) {
                case "glob" -> { }
                case "add-prefix" -> vp.addPrefix(step.getValue().asString());
                case "shift" -> {
                    try {
                        vp.shift(Integer.parseInt(step.getValue().asString().trim()));
                    } catch (NumberFormatException e) {
                        throw new TemplateException("rekey: shift expects a number, got '" + step.getValue().asString() + "'");
                    }
                }
                case "replace-prefix" -> {
                    Map<String, ConfigNode> pairs = step.getValue().asMap();
                    if (pairs == null) throw new TemplateException("rekey: replace-prefix expects {old: new}");
                    pairs.forEach((from, to) -> vp.replacePrefix(from, to.asString()));
                }
                default -> throw new TemplateException("rekey: unknown key '" + step.getKey() + "' (glob, add-prefix, replace-prefix, shift)");
            }
        }
    }

    private static List<String> strings(ConfigNode n) {
        List<ConfigNode> list = n.asList();
        return list == null ? List.of(n.asString().split("\\s*,\\s*")) : list.stream().map(ConfigNode::asString).toList();
    }

    /** Fills the sender's address into a received message; HOST too unless the message carried one and keep-hostname is on. */
    public static void fromPeer(LogMessage m, String ip, String transport, ParseOptions options) {
        m.setSourceIp(ip);
        m.setHostFrom(ip);
        m.setTransport(transport);
        if (!options.keepHostname() || m.host().isEmpty()) m.setHost(ip);
    }

    /** {@code time-zone}, {@code frac-digits} and {@code ts-format} for templates a destination renders. */
    public static TemplateOptions templateOptions(DriverSpec spec) {
        ZoneId zone = spec.zone("time-zone");
        int frac = spec.integer("frac-digits", 0);
        if (frac < 0 || frac > 6) spec.error("frac-digits", "must be between 0 and 6");
        return new TemplateOptions(zone, Math.max(0, Math.min(frac, 6)), spec.choice("ts-format", TsFormat.class, TsFormat.RFC3164));
    }
}
