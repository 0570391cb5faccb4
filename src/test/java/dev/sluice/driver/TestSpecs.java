package dev.sluice.driver;

import dev.sluice.config.ConfigNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Driver specs from options as a user writes them (plain values, maps and lists), for drivers' unit tests. */
public final class TestSpecs {
    private TestSpecs() {}

    public static DriverSpec spec(DriverRole role, String type, Map<String, Object> options) {
        Map<String, ConfigNode> nodes = new LinkedHashMap<>();
        options.forEach((k, v) -> nodes.put(k, node(v)));
        return new DriverSpec("test", role.name().toLowerCase(), role, type, nodes, "test.yaml");
    }

    public static ConfigNode node(Object v) {
        if (v instanceof Map<?, ?> map) {
            Map<String, ConfigNode> m = new LinkedHashMap<>();
            map.forEach((k, x) -> m.put(String.valueOf(k), node(x)));
            return new ConfigNode(m, "test.yaml");
        }
        if (v instanceof List<?> list) {
            List<ConfigNode> l = new ArrayList<>();
            for (Object x : list) l.add(node(x));
            return new ConfigNode(l, "test.yaml");
        }
        return new ConfigNode(v, "test.yaml");
    }
}
