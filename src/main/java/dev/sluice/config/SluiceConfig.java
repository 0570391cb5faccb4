package dev.sluice.config;

import dev.sluice.driver.DriverRole;
import dev.sluice.driver.DriverSpec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The pipelines part of the configuration ({@code sluice.pipelines}, {@code sluice.sources},
 * {@code sluice.filters}, {@code sluice.drivers}, {@code sluice.python.code}), read raw from the
 * tree so templates and filter expressions reach drivers as written.
 */
public record SluiceConfig(List<PipelineConfig> pipelines, Map<String, ConfigNode> driverAliases, String pythonCode,
                           List<DriverSpec> sharedSources, Map<String, ConfigNode> filters) {

    /** The pseudo-pipeline of shared sources: their ids are {@code sources.<name>}. */
    public static final String SHARED_SOURCES = "sources";

    public SluiceConfig(List<PipelineConfig> pipelines, Map<String, ConfigNode> driverAliases, String pythonCode) {
        this(pipelines, driverAliases, pythonCode, List.of(), Map.of());
    }

    /** The same configuration with other pipelines (the embedded default when none is configured). */
    public SluiceConfig withPipelines(List<PipelineConfig> other) {
        return new SluiceConfig(other, driverAliases, pythonCode, sharedSources, filters);
    }

    static final Set<String> PYTHON_KEYS = new java.util.TreeSet<>(Set.of("path", "code", "version", "interpreter"));
    static final Set<String> TOP_LEVEL_KEYS = Set.of("state-dir", "state", "python", "drivers", "pipelines", "management",
            "sources", "filters");
    static final Set<String> PIPELINE_KEYS = Set.of("flow-control", "sources", "parsers", "destinations", "filter", "flags");

    public static SluiceConfig parse(ConfigNode root, List<ConfigError> errors) {
        Map<String, ConfigNode> top = root.asMap();
        for (Map.Entry<String, ConfigNode> e : top.entrySet()) {
            if (!TOP_LEVEL_KEYS.contains(e.getKey())) {
                errors.add(ConfigError.global("sluice." + e.getKey(), e.getValue().origin(), "unknown key; expected one of " + TOP_LEVEL_KEYS));
            }
        }
        String code = null;
        ConfigNode python = top.get("python");
        if (python != null && python.asMap() != null) {
            for (Map.Entry<String, ConfigNode> e : python.asMap().entrySet()) {
                if (!PYTHON_KEYS.contains(e.getKey())) {
                    errors.add(ConfigError.global("sluice.python." + e.getKey(), e.getValue().origin(), "unknown key; expected one of " + PYTHON_KEYS));
                } else if (e.getKey().equals("interpreter") && !List.of("per-driver", "shared").contains(String.valueOf(e.getValue().value()).trim())) {
                    errors.add(ConfigError.global("sluice.python.interpreter", e.getValue().origin(),
                            "expected per-driver (the default: an interpreter per driver, in parallel) or shared (one for all"
                                    + " drivers, module globals shared between them as in syslog-ng)"));
                } else if (e.getKey().equals("version") && !String.valueOf(e.getValue().value()).trim().matches("4(\\.\\d+)*|3\\.\\d+")) {
                    errors.add(ConfigError.global("sluice.python.version", e.getValue().origin(),
                            "expected the syslog-ng version the drivers were written for: 4 or 3.x (for example 3.38)"));
                }
            }
        }
        if (python != null && python.asMap() != null && python.asMap().get("code") != null) {
            code = python.asMap().get("code").asString();
        }
        Map<String, ConfigNode> aliases = new LinkedHashMap<>();
        ConfigNode drivers = top.get("drivers");
        if (drivers != null && drivers.asMap() != null) aliases.putAll(drivers.asMap());

        List<DriverSpec> shared = drivers(SHARED_SOURCES, top.get("sources"), DriverRole.SOURCE, errors);
        Map<String, ConfigNode> filters = new LinkedHashMap<>();
        ConfigNode filtersNode = top.get("filters");
        if (filtersNode != null) {
            if (filtersNode.asMap() == null) {
                errors.add(ConfigError.global("sluice.filters", filtersNode.origin(), "expected a map of filter names to filter expressions"));
            } else {
                filtersNode.asMap().forEach((name, f) -> {
                    if (f.isScalar()) filters.put(name, f);
                    else errors.add(ConfigError.global("sluice.filters." + name, f.origin(), "expected a filter expression such as 'level(err..emerg)'"));
                });
            }
        }
        List<PipelineConfig> pipelines = new ArrayList<>();
        ConfigNode pipelinesNode = top.get("pipelines");
        if (pipelinesNode != null) {
            Map<String, ConfigNode> map = pipelinesNode.asMap();
            if (map == null) {
                errors.add(ConfigError.global("sluice.pipelines", pipelinesNode.origin(), "expected a map of pipeline names to pipelines"));
            } else {
                map.forEach((name, node) -> {
                    if (name.equals(SHARED_SOURCES)) {
                        errors.add(new ConfigError(name, null, null, node.origin(), "'" + SHARED_SOURCES
                                + "' names the shared sources (sluice.sources); give the pipeline another name"));
                    }
                    pipelines.add(pipeline(name, node, shared, errors));
                });
            }
        }
        return new SluiceConfig(pipelines, aliases, code, shared, filters);
    }

    private static PipelineConfig pipeline(String name, ConfigNode node, List<DriverSpec> shared, List<ConfigError> errors) {
        Map<String, ConfigNode> map = node.asMap();
        if (map == null) {
            errors.add(new ConfigError(name, null, null, node.origin(), "a pipeline must be a map with sources and destinations"));
            return new PipelineConfig(name, false, List.of(), List.of(), List.of());
        }
        for (Map.Entry<String, ConfigNode> e : map.entrySet()) {
            if (!PIPELINE_KEYS.contains(e.getKey())) {
                errors.add(new ConfigError(name, null, e.getKey(), e.getValue().origin(), "unknown pipeline key; expected one of " + PIPELINE_KEYS));
            }
        }
        boolean flowControl = false;
        ConfigNode fc = map.get("flow-control");
        if (fc != null) {
            String v = fc.asString();
            if ("true".equalsIgnoreCase(v) || "yes".equalsIgnoreCase(v)) flowControl = true;
            else if (!"false".equalsIgnoreCase(v) && !"no".equalsIgnoreCase(v)) {
                errors.add(new ConfigError(name, null, "flow-control", fc.origin(), "expected true or false, got '" + v + "'"));
            }
        }
        List<String> sharedNames = new ArrayList<>();
        List<DriverSpec> sources = drivers(name, sharedReferences(name, map.get("sources"), shared, sharedNames, errors), DriverRole.SOURCE, errors);
        List<DriverSpec> parsers = drivers(name, map.get("parsers"), DriverRole.PARSER, errors);
        List<DriverSpec> destinations = drivers(name, map.get("destinations"), DriverRole.DESTINATION, errors);
        if (sources.isEmpty() && sharedNames.isEmpty()) {
            errors.add(new ConfigError(name, null, "sources", node.origin(), "a pipeline needs at least one source"));
        }
        if (destinations.isEmpty()) errors.add(new ConfigError(name, null, "destinations", node.origin(), "a pipeline needs at least one destination"));
        ConfigNode filter = map.get("filter");
        if (filter != null && !filter.isScalar()) {
            errors.add(new ConfigError(name, null, "filter", filter.origin(), "expected a filter expression such as 'level(err..emerg)'"));
            filter = null;
        }
        boolean isFinal = false, fallback = false;
        ConfigNode flags = map.get("flags");
        if (flags != null) {
            List<ConfigNode> list = flags.asList();
            if (list == null) list = List.of(flags);
            for (ConfigNode f : list) {
                switch (f.asString().trim()) {
                    case "final" -> isFinal = true;
                    case "fallback" -> fallback = true;
                    case "flow-control" -> flowControl = true;
                    default -> errors.add(new ConfigError(name, null, "flags", f.origin(), "unknown flag '" + f.asString()
                            + "' (known: final, fallback, flow-control)"));
                }
            }
        }
        return new PipelineConfig(name, flowControl, sources, parsers, destinations, sharedNames, filter, isFinal, fallback);
    }

    /**
     * A pipeline's {@code sources}: a list may name shared sources (collected in {@code names}); what
     * is left — a map, or the list's maps — are the pipeline's own sources.
     */
    private static ConfigNode sharedReferences(String pipeline, ConfigNode node, List<DriverSpec> shared, List<String> names,
                                               List<ConfigError> errors) {
        if (node == null || node.asList() == null) return node;
        List<ConfigNode> own = new ArrayList<>();
        for (ConfigNode item : node.asList()) {
            if (!item.isScalar()) {
                own.add(item);
                continue;
            }
            String ref = item.asString().trim();
            if (shared.stream().noneMatch(s -> s.name().equals(ref))) {
                errors.add(new ConfigError(pipeline, null, "sources", item.origin(), "no shared source named '" + ref
                        + "' (sluice.sources has " + shared.stream().map(DriverSpec::name).toList() + ")"));
            } else if (names.contains(ref)) {
                errors.add(new ConfigError(pipeline, null, "sources", item.origin(), "shared source '" + ref + "' is listed twice"));
            } else {
                names.add(ref);
            }
        }
        return own.isEmpty() ? null : new ConfigNode(own, node.origin());
    }

    /** Sources and destinations are maps keyed by name; parsers are a list (named parser[0], …) or a map. */
    private static List<DriverSpec> drivers(String pipeline, ConfigNode node, DriverRole role, List<ConfigError> errors) {
        List<DriverSpec> out = new ArrayList<>();
        if (node == null) return out;
        Map<String, ConfigNode> named = new LinkedHashMap<>();
        List<ConfigNode> list = node.asList();
        if (list != null) {
            for (int i = 0; i < list.size(); i++) named.put(role == DriverRole.PARSER ? "parser[" + i + "]" : role.name().toLowerCase() + "[" + i + "]", list.get(i));
        } else if (node.asMap() != null) {
            named.putAll(node.asMap());
        } else {
            errors.add(new ConfigError(pipeline, null, role.key(), node.origin(), "expected a map of driver names to drivers"));
            return out;
        }
        for (Map.Entry<String, ConfigNode> e : named.entrySet()) {
            Map<String, ConfigNode> options = e.getValue().asMap();
            if (options == null) {
                errors.add(new ConfigError(pipeline, e.getKey(), null, e.getValue().origin(), "expected a map with at least 'type'"));
                continue;
            }
            ConfigNode type = options.get("type");
            if (type == null || type.asString().isBlank()) {
                errors.add(new ConfigError(pipeline, e.getKey(), "type", e.getValue().origin(), "missing driver type"));
                continue;
            }
            out.add(new DriverSpec(pipeline, e.getKey(), role, type.asString().trim(), options, type.origin()));
        }
        return out;
    }
}
