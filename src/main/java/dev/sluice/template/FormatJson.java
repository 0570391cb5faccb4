package dev.sluice.template;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code $(format-json …)}: {@link ValuePairs} as a JSON object, with syslog-ng's arguments:
 * {@code --scope}, {@code --key}, {@code --exclude}, {@code --pair name=value} or {@code name=value}
 * (with type hints such as {@code n=int64(${x})}), {@code --rekey glob} followed by
 * {@code --add-prefix}, {@code --replace-prefix old=new}, {@code --shift n}, {@code --omit-empty-values},
 * and {@code --on-error} (default drop-message: the function renders nothing, as 3.38 does). Dotted
 * names nest ({@code a.b=x} gives {@code {"a":{"b":"x"}}}), a leading dot becomes {@code _}
 * ({@code .SDATA.x} gives {@code "_SDATA"}), and keys come in 3.38's order: descending.
 */
final class FormatJson implements TemplateFunction {
    private static final Comparator<String> ORDER = Comparator.reverseOrder();

    public String name() { return "format-json"; }

    public Call prepare(List<String> args, TemplateCompiler compiler) {
        ValuePairs vp = parse(args, compiler);
        return (m, o, out) -> {
            Map<String, Object> flat = new LinkedHashMap<>();
            if (vp.collect(m, o, flat)) Json.writeObject(nest(flat), out);
        };
    }

    static ValuePairs parse(List<String> args, TemplateCompiler compiler) {
        ValuePairs vp = new ValuePairs();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--omit-empty-values")) {
                vp.omitEmptyValues();
                continue;
            }
            if (a.startsWith("--")) {
                if (i + 1 >= args.size()) throw new TemplateException("$(format-json): " + a + " needs a value");
                String v = args.get(++i);
                switch (a) {
                    case "--scope" -> { for (String s : v.split(",")) vp.scope(s); }
                    case "--key" -> vp.key(v);
                    case "--exclude" -> vp.exclude(v);
                    case "--pair" -> pair(vp, v, compiler);
                    case "--rekey" -> vp.rekey(v);
                    case "--add-prefix" -> vp.addPrefix(v);
                    case "--replace-prefix", "--replace" -> {
                        int eq = v.indexOf('=');
                        if (eq <= 0) throw new TemplateException("$(format-json): --replace-prefix expects old=new, got '" + v + "'");
                        vp.replacePrefix(v.substring(0, eq), v.substring(eq + 1));
                    }
                    case "--shift" -> {
                        try {
                            vp.shift(Integer.parseInt(v));
                        } catch (NumberFormatException e) {
                            throw new TemplateException("$(format-json): --shift expects a number, got '" + v + "'");
                        }
                    }
                    case "--on-error" -> vp.onError(ValuePairs.OnError.of(v));
                    default -> throw new TemplateException("$(format-json): unknown option '" + a + "'");
                }
            } else if (a.contains("=")) {
                pair(vp, a, compiler);
            } else {
                throw new TemplateException("$(format-json): unexpected argument '" + a + "'");
            }
        }
        return vp;
    }

    private static void pair(ValuePairs vp, String spec, TemplateCompiler compiler) {
        int eq = spec.indexOf('=');
        if (eq <= 0) throw new TemplateException("$(format-json): expected name=value, got '" + spec + "'");
        vp.pair(spec.substring(0, eq), spec.substring(eq + 1), compiler);
    }

    /** Dotted names become nested objects, keys in descending order at every level. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> nest(Map<String, Object> flat) {
        Map<String, Object> root = new TreeMap<>(ORDER);
        for (Map.Entry<String, Object> e : flat.entrySet()) {
            String key = e.getKey().startsWith(".") ? "_" + e.getKey().substring(1) : e.getKey();
            Map<String, Object> node = root;
            int from = 0;
            for (int dot = key.indexOf('.'); dot >= 0; dot = key.indexOf('.', from)) {
                String part = key.substring(from, dot);
                Object child = node.get(part);
                if (!(child instanceof Map)) {
                    child = new TreeMap<String, Object>(ORDER);
                    node.put(part, child);
                }
                node = (Map<String, Object>) child;
                from = dot + 1;
            }
            node.put(key.substring(from), e.getValue());
        }
        return root;
    }
}
