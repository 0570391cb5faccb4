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

    /** A JSON string; plain runs are copied whole, only quotes, backslashes and control characters are escaped. */
    public static void string(String s, StringBuilder out) {
        out.append('"');
        int run = 0, n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c != '"' && c != '\\') continue;
            out.append(s, run, i);
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
        out.append(s, run, n).append('"');
    }
}
