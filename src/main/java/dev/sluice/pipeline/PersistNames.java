package dev.sluice.pipeline;

import dev.sluice.config.ConfigError;
import dev.sluice.driver.Destination;
import dev.sluice.driver.PersistentDriver;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The check syslog-ng makes once every driver is initialised: no persist name used by two drivers. */
final class PersistNames {
    private PersistNames() {}

    static List<ConfigError> conflicts(List<Pipeline> pipelines) {
        Map<String, String> owners = new LinkedHashMap<>();
        List<ConfigError> errors = new ArrayList<>();
        Set<SourceIngress> seen = new HashSet<>(); // a shared source is in every path that lists it
        for (Pipeline p : pipelines) {
            for (SourceIngress s : p.sources()) if (seen.add(s)) claim(p, s.name(), s.source(), owners, errors);
            for (ParserStage s : p.parsers()) claim(p, p.driverName(s.id()), s.parser(), owners, errors);
            for (DestinationWorker d : p.destinations()) {
                List<Destination> instances = d.instances(); // workers share their driver's name
                if (!instances.isEmpty()) claim(p, p.driverName(d.id()), instances.get(0), owners, errors);
            }
        }
        return errors;
    }

    private static void claim(Pipeline p, String driver, Object candidate, Map<String, String> owners, List<ConfigError> errors) {
        if (!(candidate instanceof PersistentDriver d) || d.persistName() == null) return;
        String here = "pipeline '" + p.name() + "', driver '" + driver + "'";
        String first = owners.putIfAbsent(d.persistName(), here);
        if (first != null) {
            errors.add(new ConfigError(p.name(), driver, "persist-name", null, "persist name '" + d.persistName()
                    + "' is already used by " + first + " (as syslog-ng, conflicting persist-names are refused):"
                    + " set a distinct persist-name on one of them"));
        }
    }
}
