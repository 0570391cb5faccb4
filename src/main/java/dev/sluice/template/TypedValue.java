package dev.sluice.template;

import java.util.ArrayList;
import java.util.List;

/**
 * A value-pairs value with syslog-ng's type hint: {@code string()}, {@code literal()}, {@code json()},
 * {@code int64()}/{@code int32()}/{@code int()}, {@code double()}/{@code float()}, {@code boolean()},
 * {@code list()}, {@code datetime()}. A cast that fails is null, and the caller applies {@code on-error}.
 */
public enum TypedValue {
    STRING, LITERAL, JSON, INTEGER, DOUBLE, BOOLEAN, LIST, DATETIME;

    /** The hint a name stands for, or null. */
    public static TypedValue hint(String name) {
        return switch (name) {
            case "string" -> STRING;
            case "literal" -> LITERAL;
            case "json" -> JSON;
            case "int", "int32", "int64" -> INTEGER;
            case "double", "float" -> DOUBLE;
            case "boolean" -> BOOLEAN;
            case "list" -> LIST;
            case "datetime" -> DATETIME;
            default -> null;
        };
    }

    /** What JSON output holds for a text cast to this type: a String (quoted), a {@link Raw} token or a list; null when the cast fails. */
    public Object cast(String text) {
        return switch (this) {
            case STRING, DATETIME -> text;
            case LITERAL, JSON -> new Raw(text, null);
            case INTEGER -> isInteger(text) ? new Raw(text, Long.parseLong(text.strip())) : null;
            case DOUBLE -> isDouble(text) ? new Raw(text, Double.parseDouble(text.strip())) : null;
            case BOOLEAN -> text.equals("true") || text.equals("false") ? new Raw(text, Boolean.parseBoolean(text)) : null;
            case LIST -> splitList(text);
        };
    }

    /** JSON text written as it is ({@code text}, as 3.38 writes it), and the typed value a Python dict gets (null: the text). */
    public record Raw(String text, Object value) {}

    /** strtoll's reading: optional leading spaces and sign, decimal digits, nothing after. */
    private static boolean isInteger(String s) {
        int i = 0;
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) i++;
        if (i < s.length() && (s.charAt(i) == '-' || s.charAt(i) == '+')) i++;
        int digits = i;
        while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') i++;
        if (i == digits || i != s.length()) return false;
        try {
            Long.parseLong(s.strip());
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static boolean isDouble(String s) {
        String t = s.strip();
        if (t.isEmpty() || t.endsWith("d") || t.endsWith("D") || t.endsWith("f") || t.endsWith("F") || t.contains("x") || t.contains("X")) return false;
        try {
            double d = Double.parseDouble(t);
            return !Double.isNaN(d) && !Double.isInfinite(d);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** syslog-ng's list text (comma separated, items optionally quoted) as its items. */
    static List<String> splitList(String text) {
        List<String> items = new ArrayList<>();
        if (text.isEmpty()) return items;
        StringBuilder cur = new StringBuilder();
        int i = 0;
        while (i <= text.length()) {
            if (i < text.length() && (text.charAt(i) == '"' || text.charAt(i) == '\'') && cur.isEmpty()) {
                char q = text.charAt(i++);
                while (i < text.length() && text.charAt(i) != q) {
                    if (text.charAt(i) == '\\' && i + 1 < text.length()) i++;
                    cur.append(text.charAt(i++));
                }
                i++; // closing quote
                continue;
            }
            if (i == text.length() || text.charAt(i) == ',') {
                items.add(cur.toString());
                cur.setLength(0);
                i++;
                continue;
            }
            cur.append(text.charAt(i++));
        }
        return items;
    }
}
