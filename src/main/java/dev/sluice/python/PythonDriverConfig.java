package dev.sluice.python;

import dev.sluice.config.ConfigNode;
import dev.sluice.driver.CommonOptions;
import dev.sluice.driver.DriverSpec;
import tools.jackson.databind.json.JsonMapper;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The options every Python driver has: {@code class}, {@code loaders}, {@code options} (keys
 * normalised {@code -} → {@code _}, YAML types kept, as in syslog-ng 4) and {@code persist-name}; a source's
 * {@code flags} too, which it sees as its {@code flags} dict.
 */
record PythonDriverConfig(String kind, String className, List<String> loaders, String optionsJson, String persistName,
                          List<String> flags) {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    static PythonDriverConfig read(DriverSpec spec, String kind) {
        String cls = spec.requiredString("class");
        List<String> loaders = spec.stringList("loaders");
        Map<String, Object> options = new LinkedHashMap<>();
        ConfigNode node = spec.node("options");
        if (node != null) {
            if (node.asMap() == null) spec.error("options", "expected a map of option names to values");
            else node.asMap().forEach((k, v) -> options.put(k.replace('-', '_'), v.toPlain()));
        }
        return new PythonDriverConfig(kind, cls, loaders, JSON.writeValueAsString(options), spec.string("persist-name", null),
                CommonOptions.flags(spec));
    }
}
