package dev.sluice.driver.http;

import dev.sluice.config.ConfigNode;
import dev.sluice.driver.Destination;
import dev.sluice.driver.DriverContext;
import dev.sluice.driver.DriverRole;
import dev.sluice.driver.DriverSpec;
import dev.sluice.template.TemplateCompiler;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds http destinations from options as a user writes them, for the tests. */
final class HttpDestinations {
    private HttpDestinations() {}

    static Destination build(Map<String, Object> options) {
        Map<String, ConfigNode> nodes = new LinkedHashMap<>();
        options.forEach((k, v) -> nodes.put(k, node(v)));
        DriverSpec spec = new DriverSpec("test", "http", DriverRole.DESTINATION, "http", nodes, "test.yaml");
        Destination d = new HttpDestinationFactory().create(spec, new DriverContext(TemplateCompiler.withBuiltins(), Path.of("target")));
        if (!spec.errors().isEmpty()) throw new AssertionError(spec.errors().toString());
        return d;
    }

    private static ConfigNode node(Object v) {
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
