package dev.sluice.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One value of the Sluice configuration tree with where it came from ({@code application.yaml:12:5}).
 * A value is a scalar (String, Number, Boolean), a {@code Map<String, ConfigNode>} or a
 * {@code List<ConfigNode>}.
 */
public record ConfigNode(Object value, String origin) {

    @SuppressWarnings("unchecked")
    public Map<String, ConfigNode> asMap() {
        return value instanceof Map<?, ?> m ? (Map<String, ConfigNode>) m : null;
    }

    @SuppressWarnings("unchecked")
    public List<ConfigNode> asList() {
        if (value instanceof List<?> l) return (List<ConfigNode>) l;
        // A YAML list that Spring flattened and we rebuilt from keys "0", "1", … comes back as a map.
        Map<String, ConfigNode> m = asMap();
        if (m != null && !m.isEmpty() && m.keySet().stream().allMatch(k -> k.chars().allMatch(Character::isDigit))) {
            List<ConfigNode> out = new ArrayList<>();
            m.entrySet().stream().sorted(Map.Entry.comparingByKey((a, b) -> Integer.compare(Integer.parseInt(a), Integer.parseInt(b))))
                    .forEach(e -> out.add(e.getValue()));
            return out;
        }
        return null;
    }

    public boolean isScalar() { return !(value instanceof Map) && !(value instanceof List); }

    public String asString() { return value == null ? null : String.valueOf(value); }

    /** Plain Java values (String/Long/Double/Boolean, maps, lists) with YAML types kept, e.g. for Python options. */
    public Object toPlain() {
        List<ConfigNode> list = asList();
        if (list != null) {
            List<Object> out = new ArrayList<>(list.size());
            for (ConfigNode n : list) out.add(n.toPlain());
            return out;
        }
        Map<String, ConfigNode> map = asMap();
        if (map != null) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(k, v.toPlain()));
            return out;
        }
        return fromYaml() ? (value instanceof Integer i ? Long.valueOf(i) : value) : typed(value);
    }

    /** Spring's YAML loader already typed the scalar: a quoted "12" stays a string, 12 is a number. */
    private boolean fromYaml() {
        return origin != null && (origin.contains(".yaml]") || origin.contains(".yml]"));
    }

    /** Spring's YAML loader keeps scalars typed; flattened sources hand us strings, so we type those like YAML would. */
    static Object typed(Object v) {
        if (!(v instanceof String s)) return v instanceof Integer i ? Long.valueOf(i) : v;
        if (s.equals("true") || s.equals("false")) return Boolean.valueOf(s);
        if (s.matches("-?\\d{1,18}")) return Long.valueOf(s);
        if (s.matches("-?\\d+\\.\\d+([eE][-+]?\\d+)?")) return Double.valueOf(s);
        return s;
    }
}
