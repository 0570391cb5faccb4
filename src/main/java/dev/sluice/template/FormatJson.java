package dev.sluice.template;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

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

    /**
     * A name as {@link #writeNested} writes it, worked out once per name: its sort key, the objects
     * it sits in and its own JSON key, escaped. Names are few (fields, macros), so they are kept.
     */
    private record Key(String sortKey, String[] containers, String[] containerJson, String leafJson) {
        private static final ConcurrentHashMap<String, Key> KNOWN = new ConcurrentHashMap<>();
        /** A bound, so that names made of data (a key per request id) cannot grow the cache without end. */
        private static final int MAX_KNOWN = 10_000;

        static Key of(String name) {
            Key k = KNOWN.get(name);
            if (k != null) return k;
            k = parse(name);
            if (KNOWN.size() < MAX_KNOWN) KNOWN.put(name, k);
            return k;
        }

        /**
         * The sort key makes 3.38's descending order plain String order, reversed: a dot becomes
         * U+0001, below any character of a name, and a name's end sorts below its dots.
         */
        private static Key parse(String name) {
            String key = name.startsWith(".") ? "_" + name.substring(1) : name;
            List<String> segments = new ArrayList<>(4);
            int from = 0;
            for (int dot = key.indexOf('.'); dot >= 0; dot = key.indexOf('.', from)) {
                segments.add(key.substring(from, dot));
                from = dot + 1;
            }
            String[] containers = segments.toArray(String[]::new);
            String[] containerJson = new String[containers.length];
            for (int i = 0; i < containers.length; i++) containerJson[i] = json(containers[i]) + ":{";
            return new Key(key.replace('.', '\u0001'), containers, containerJson, json(key.substring(from)) + ":");
        }

        private static String json(String s) {
            StringBuilder b = new StringBuilder(s.length() + 2);
            Json.string(s, b);
            return b.toString();
        }
    }

    private record Item(Key key, Object value) {}

    private static final Comparator<Item> DESCENDING = (x, y) -> y.key.sortKey.compareTo(x.key.sortKey);

    /** Dotted names as nested objects, written straight from the names sorted {@link #DESCENDING}; no tree is built. */
    static void writeNested(Map<String, Object> flat, StringBuilder out) {
        Item[] items = new Item[flat.size()];
        int k = 0;
        for (Map.Entry<String, Object> e : flat.entrySet()) items[k++] = new Item(Key.of(e.getKey()), e.getValue());
        Arrays.sort(items, DESCENDING);
        out.append('{');
        String[] open = new String[4];
        int depth = 0;
        boolean comma = false;
        for (Item item : items) {
            String[] containers = item.key.containers;
            int common = 0;
            while (common < depth && common < containers.length && open[common].equals(containers[common])) common++;
            for (; depth > common; depth--) {
                out.append('}');
                comma = true;
            }
            for (int i = common; i < containers.length; i++) {
                if (comma) out.append(',');
                out.append(item.key.containerJson[i]);
                if (depth == open.length) open = Arrays.copyOf(open, depth * 2);
                open[depth++] = containers[i];
                comma = false;
            }
            if (comma) out.append(',');
            out.append(item.key.leafJson);
            Json.value(item.value, out);
            comma = true;
        }
        for (int i = 0; i < depth; i++) out.append('}');
        out.append('}');
    }
}
