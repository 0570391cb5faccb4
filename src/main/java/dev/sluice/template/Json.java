package dev.sluice.template;

import java.util.List;
import java.util.Map;

/** Minimal JSON writer straight into the render buffer (templates render per message; no tree, no copy). */
public final class Json {
    private Json() {}

    static void writeObject(Map<String, Object> map, StringBuilder out) {
        out.append('{');
        boolean first = true;
        for (Map.Entry<String, Object> e : map.entrySet()) {
            if (!first) out.append(',');
            first = false;
            string(e.getKey(), out);
            out.append(':');
            value(e.getValue(), out);
        }
        out.append('}');
    }

    @SuppressWarnings("unchecked")
    static void value(Object v, StringBuilder out) {
        if (v == null) out.append("null");
        else if (v instanceof Map<?, ?> m) writeObject((Map<String, Object>) m, out);
        else if (v instanceof List<?> l) {
            out.append('[');
            for (int i = 0; i < l.size(); i++) {
                if (i > 0) out.append(',');
                value(l.get(i), out);
            }
            out.append(']');
        } else if (v instanceof Number || v instanceof Boolean) out.append(v);
        else if (v instanceof TypedValue.Raw raw) out.append(raw.text());
        else string(String.valueOf(v), out);
    }

    /**
     * A JSON string; plain runs are copied whole, only quotes, backslashes and control characters
     * are escaped. A string with nothing to escape (nearly all) is appended in one copy: appending
     * a range of a String copies it char by char.
     */
    public static void string(String s, StringBuilder out) {
        out.append('"');
        int n = s.length(), i = 0;
        while (i < n && plain(s.charAt(i))) i++;
        if (i == n) {
            out.append(s).append('"');
            return;
        }
        int run = 0;
        for (; i < n; i++) {
            char c = s.charAt(i);
            if (plain(c)) continue;
            if (i > run) out.append(s, run, i);
            run = i + 1;
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> out.append(String.format("\\u%04x", (int) c));
            }
        }
        if (n > run) out.append(s, run, n);
        out.append('"');
    }

    private static boolean plain(char c) { return c >= 0x20 && c != '"' && c != '\\'; }
}
