package dev.sluice.config;

import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.PropertyResolver;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the {@code sluice:} tree from every property source Spring Boot loaded, keeping values raw
 * where they are syslog-ng syntax. Spring would resolve {@code ${PID}} in a template to its own pid,
 * so templates, inline Python and driver options bypass placeholder resolution; ports, paths and
 * the like keep Spring's {@code ${ENV:default}}.
 */
public final class ConfigReader {
    /** Keys whose values (and everything below them) are syslog-ng templates, Python or driver options. */
    static final Set<String> RAW_KEYS = Set.of("template", "options", "code", "path", "value-pairs", "prefix", "filter", "filters",
            "expr", "rules", "set", "subst", "replacement", "if", "patterns", "format", "marker", "extract-prefix",
            "headers", "labels", "fields", "index", "source", "sourcetype");

    private ConfigReader() {}

    /** The configuration tree below {@code prefix}, or an empty map node when nothing is configured. */
    public static ConfigNode read(ConfigurableEnvironment env, String prefix, List<ConfigError> errors) {
        ConfigurationPropertyName root = ConfigurationPropertyName.of(prefix);
        Map<String, ConfigNode> tree = new LinkedHashMap<>();
        for (ConfigurationPropertySource source : ConfigurationPropertySources.get(env)) {
            if (!(source instanceof IterableConfigurationPropertySource iterable)) continue;
            // SLUICE_STATE_DIR and friends are scalars bound by SluiceProperties; as a tree they
            // would read as "sluice.state.dir" and fail validation as an unknown key.
            if (source.getUnderlyingSource() instanceof SystemEnvironmentPropertySource) continue;
            iterable.stream().filter(root::isAncestorOf).forEach(name -> {
                ConfigurationProperty property = source.getConfigurationProperty(name);
                if (property != null) put(tree, name, root.getNumberOfElements(), property);
            });
        }
        ConfigNode node = new ConfigNode(tree, null);
        resolvePlaceholders(node, env, new ArrayList<>(List.of(prefix)), false, errors);
        return node;
    }

    @SuppressWarnings("unchecked")
    private static void put(Map<String, ConfigNode> tree, ConfigurationPropertyName name, int skip, ConfigurationProperty property) {
        Map<String, ConfigNode> node = tree;
        int last = name.getNumberOfElements() - 1;
        for (int i = skip; i < last; i++) {
            String key = name.getElement(i, ConfigurationPropertyName.Form.ORIGINAL);
            ConfigNode child = node.get(key);
            if (child == null) {
                child = new ConfigNode(new LinkedHashMap<String, ConfigNode>(), origin(property));
                node.put(key, child);
            } else if (!(child.value() instanceof Map)) {
                return; // a higher-precedence source set a scalar here; it wins
            }
            node = (Map<String, ConfigNode>) child.value();
        }
        String leaf = name.getElement(last, ConfigurationPropertyName.Form.ORIGINAL);
        node.putIfAbsent(leaf, new ConfigNode(property.getValue(), origin(property)));
    }

    private static String origin(ConfigurationProperty property) {
        return property.getOrigin() == null ? null : property.getOrigin().toString();
    }

    private static void resolvePlaceholders(ConfigNode node, PropertyResolver env, List<String> path, boolean raw,
                                            List<ConfigError> errors) {
        Map<String, ConfigNode> map = node.asMap();
        if (map == null) return;
        for (Map.Entry<String, ConfigNode> e : map.entrySet()) {
            boolean childRaw = raw || RAW_KEYS.contains(e.getKey());
            ConfigNode child = e.getValue();
            path.add(e.getKey());
            if (child.value() instanceof String s && !childRaw && s.contains("${")) {
                try {
                    e.setValue(new ConfigNode(env.resolveRequiredPlaceholders(s), child.origin()));
                } catch (IllegalArgumentException ex) {
                    errors.add(ConfigError.global(String.join(".", path), child.origin(), ex.getMessage()));
                }
            } else {
                resolvePlaceholders(child, env, path, childRaw, errors);
            }
            path.remove(path.size() - 1);
        }
    }
}
