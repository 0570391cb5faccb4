package dev.sluice.template;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

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
    public String name() { return "format-json"; }

    public Call prepare(List<String> args, TemplateCompiler compiler) {
        ValuePairs vp = parse(args, compiler);
        return (m, o, out) -> {
            vp.writeJson(m, o, out);
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

    private record Item(String key, Object value) {}

    /**
     * Descending, segment by segment: a name's end sorts below its dots, and a dot below any other
     * character, so that names sharing a first segment stay together and each level comes out in
     * descending order, as 3.38 writes it.
     */
    private static final Comparator<Item> DESCENDING = (x, y) -> {
        String a = x.key, b = y.key;
        int n = Math.min(a.length(), b.length());
        for (int i = 0; i < n; i++) {
            char ca = a.charAt(i), cb = b.charAt(i);
            if (ca == cb) continue;
            int ra = ca == '.' ? -1 : ca, rb = cb == '.' ? -1 : cb;
            return Integer.compare(rb, ra);
        }
        return Integer.compare(b.length(), a.length());
    };

    /** Dotted names as nested objects, written straight from the names sorted {@link #DESCENDING}; no tree is built. */
    static void writeNested(Map<String, Object> flat, StringBuilder out) {
        Item[] items = new Item[flat.size()];
        int k = 0;
        for (Map.Entry<String, Object> e : flat.entrySet()) {
            String key = e.getKey();
            items[k++] = new Item(key.startsWith(".") ? "_" + key.substring(1) : key, e.getValue());
        }
        Arrays.sort(items, DESCENDING);
        out.append('{');
        List<String> open = new ArrayList<>(4);
        boolean comma = false;
        List<String> segments = new ArrayList<>(4);
        for (Item item : items) {
            segments.clear();
            String key = item.key;
            int from = 0;
            for (int dot = key.indexOf('.'); dot >= 0; dot = key.indexOf('.', from)) {
                segments.add(key.substring(from, dot));
                from = dot + 1;
            }
            int containers = segments.size();
            int common = 0;
            while (common < open.size() && common < containers && open.get(common).equals(segments.get(common))) common++;
            while (open.size() > common) {
                open.remove(open.size() - 1);
                out.append('}');
                comma = true;
            }
            for (int i = common; i < containers; i++) {
                if (comma) out.append(',');
                Json.string(segments.get(i), out);
                out.append(":{");
                open.add(segments.get(i));
                comma = false;
            }
            if (comma) out.append(',');
            Json.string(key.substring(from), out);
            out.append(':');
            Json.value(item.value, out);
            comma = true;
        }
        for (int i = 0; i < open.size(); i++) out.append('}');
        out.append('}');
    }
}
