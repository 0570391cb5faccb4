package dev.sluice.template;

/**
 * syslog-ng's text form of a list: items joined by commas, an item quoted when it holds a space, a
 * backslash, a control character, a quote or one of the {@code forbidden} characters (single quotes
 * around an item holding double quotes, double quotes otherwise); an empty item is {@code ""}, as 3.38 writes it. A JSON array of scalars and the
 * kv parser's stray words are stored this way, which is what {@code ${name}} and Python then see.
 */
public final class ListText {
    private ListText() {}

    public static void append(StringBuilder out, String item, String forbidden) {
        if (item.isEmpty()) {
            out.append("\"\"");
            return;
        }
        boolean apostrophe = item.indexOf('\'') >= 0, quote = item.indexOf('"') >= 0;
        if (!apostrophe && !quote && !needsQuotes(item, forbidden)) {
            out.append(item);
            return;
        }
        char q = quote && !apostrophe ? '\'' : '"';
        out.append(q);
        for (int i = 0; i < item.length(); i++) {
            char c = item.charAt(i);
            switch (c) {
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c == '"' && q == '"') out.append("\\\"");
                    else if (c < 0x20) out.append(String.format("\\x%02x", (int) c));
                    else out.append(c);
                }
            }
        }
        out.append(q);
    }

    private static boolean needsQuotes(String item, String forbidden) {
        for (int i = 0; i < item.length(); i++) {
            char c = item.charAt(i);
            if (c == ' ' || c == '\\' || c == '\b' || c == '\f' || c == '\n' || c == '\r' || c == '\t') return true;
            if (forbidden != null && forbidden.indexOf(c) >= 0) return true;
        }
        return false;
    }
}
