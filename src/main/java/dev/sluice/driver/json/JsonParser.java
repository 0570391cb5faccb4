package dev.sluice.driver.json;

import dev.sluice.driver.TextParser;
import dev.sluice.message.LogMessage;
import dev.sluice.template.ListText;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.json.JsonReadFeature;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code type: json}: syslog-ng's json-parser. An object's members become pairs named by their path
 * ({@code prefix} + {@code a.b.c}); values are stored as 3.38 stores them: numbers as text (integers
 * as written, clamped to 64 bits; other numbers with six decimals), booleans {@code true}/{@code false},
 * null as empty, an array of scalars as a list ({@link ListText}), an array holding objects or arrays
 * as its JSON text. A top-level array (or one {@code extract-prefix} selects) sets the numbered
 * pairs {@code 1}, {@code 2}, … ({@code $1}, {@code $2}), as 3.38 does. Text after the JSON value is
 * ignored; text that is not JSON, or lacks the {@code marker}, fails the parser.
 */
final class JsonParser extends TextParser {
    /** json-c, which 3.38 parses with, takes single-quoted strings too. */
    private static final JsonFactory FACTORY = JsonFactory.builder().enable(JsonReadFeature.ALLOW_SINGLE_QUOTES).build();

    private final String marker;
    private final List<String> extractPath;

    JsonParser(Input input, String marker, String extractPrefix) {
        super(input);
        this.marker = marker == null || marker.isEmpty() ? null : marker;
        this.extractPath = extractPrefix == null || extractPrefix.isEmpty() ? null : List.of(extractPrefix.split("\\."));
    }

    @Override
    protected boolean parse(LogMessage m, String text) {
        int start = 0;
        if (marker != null) {
            if (!text.startsWith(marker)) return false;
            start = marker.length();
        }
        try (tools.jackson.core.JsonParser p = FACTORY.createParser(ObjectReadContext.empty(), text.substring(start))) {
            JsonToken first = p.nextToken();
            if (first == null) return false;
            // a tree first: json-c keeps the last of duplicate keys, and so must the pairs
            Object root = readValue(p, first);
            Object selected = extractPath == null ? root : select(root);
            if (selected instanceof Map<?, ?> map) {
                setAll(m, prefix, map);
                return true;
            }
            if (selected instanceof List<?> list) {
                setNumbered(m, list);
                return true;
            }
            return false;
        } catch (JacksonException e) {
            return false;
        }
    }

    private Object select(Object root) {
        Object node = root;
        for (String step : extractPath) {
            if (!(node instanceof Map<?, ?> map)) return null;
            node = map.get(step);
        }
        return node;
    }

    @SuppressWarnings("unchecked")
    private static void setAll(LogMessage m, String path, Map<?, ?> map) {
        for (Map.Entry<?, ?> e : map.entrySet()) {
            String name = path + e.getKey();
            Object v = e.getValue();
            if (v instanceof Map<?, ?> child) setAll(m, name + ".", child);
            else if (v instanceof List<?> list) m.setValue(name, arrayText(list));
            else m.setValue(name, scalar(v));
        }
    }

    private static void setNumbered(LogMessage m, List<?> items) {
        for (int i = 0; i < items.size(); i++) {
            Object v = items.get(i);
            m.setValue(Integer.toString(i + 1), v instanceof Map || v instanceof List ? JsonText.of(v) : scalar(v));
        }
    }

    /** A tree of the value starting at {@code t}: maps, lists, and scalars as {@link Scalar}s. */
    private static Object readValue(tools.jackson.core.JsonParser p, JsonToken t) {
        return switch (t) {
            case START_OBJECT -> {
                Map<String, Object> map = new LinkedHashMap<>();
                for (JsonToken n = p.nextToken(); n == JsonToken.PROPERTY_NAME; n = p.nextToken()) {
                    String name = p.currentName();
                    map.put(name, readValue(p, p.nextToken()));
                }
                yield map;
            }
            case START_ARRAY -> readArray(p);
            default -> new Scalar(scalarText(p, t), t == JsonToken.VALUE_STRING ? null : t == JsonToken.VALUE_NULL ? "null" : p.getText());
        };
    }

    private static List<Object> readArray(tools.jackson.core.JsonParser p) {
        List<Object> items = new ArrayList<>();
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
            if (t == null) throw new IllegalStateException("unreachable: the parser fails on a truncated array");
            items.add(readValue(p, t));
        }
        return items;
    }

    /** A scalar as 3.38 stores it, and as JSON text writes it back: a number as written, null for a string (re-quoted). */
    record Scalar(String text, String json) {}

    private static String scalar(Object v) { return v instanceof Scalar s ? s.text : ""; }

    private static String scalarText(tools.jackson.core.JsonParser p, JsonToken t) {
        return switch (t) {
            case VALUE_STRING -> p.getString();
            case VALUE_TRUE -> "true";
            case VALUE_FALSE -> "false";
            case VALUE_NULL -> "";
            case VALUE_NUMBER_INT -> integer(p);
            case VALUE_NUMBER_FLOAT -> new BigDecimal(p.getDoubleValue()).setScale(6, RoundingMode.HALF_EVEN).toPlainString();
            default -> throw new IllegalStateException("unexpected JSON token " + t);
        };
    }

    private static final BigInteger MAX = BigInteger.valueOf(Long.MAX_VALUE), MIN = BigInteger.valueOf(Long.MIN_VALUE);

    /** json-c keeps 64-bit integers and clamps larger ones. */
    private static String integer(tools.jackson.core.JsonParser p) {
        if (p.getNumberType() != tools.jackson.core.JsonParser.NumberType.BIG_INTEGER) return Long.toString(p.getLongValue());
        BigInteger b = p.getBigIntegerValue();
        return (b.signum() > 0 ? MAX : MIN).toString();
    }

    /** An array of scalars as a list; one holding an object or array as JSON text. */
    private static String arrayText(List<?> items) {
        for (Object v : items) if (v instanceof Map || v instanceof List) return JsonText.of(items);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < items.size(); i++) {
            if (i > 0) out.append(',');
            ListText.append(out, scalar(items.get(i)), null);
        }
        return out.toString();
    }
}
