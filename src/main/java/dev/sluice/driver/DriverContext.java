package dev.sluice.driver;

import dev.sluice.filter.FilterCompiler;
import dev.sluice.state.StateStore;
import dev.sluice.template.TemplateCompiler;

import java.nio.file.Path;
import java.util.Map;

/**
 * What a factory may use while it builds a driver; {@code state} is null where no state store runs
 * (some tests); {@code filters} compiles {@code if:} conditions with the generation's named filters.
 */
public record DriverContext(TemplateCompiler templates, Path stateDir, StateStore state, FilterCompiler filters) {
    public DriverContext(TemplateCompiler templates, Path stateDir, StateStore state) {
        this(templates, stateDir, state, new FilterCompiler(Map.of(), templates));
    }

    public DriverContext(TemplateCompiler templates, Path stateDir) { this(templates, stateDir, null); }

    /** The context for one driver instance: its templates' {@code $(python)} calls run in its interpreter. */
    public DriverContext forDriver(DriverSpec spec) {
        return new DriverContext(templates.withScope(spec.instanceId()), stateDir, state, filters);
    }

    /** The same context with a generation's named filters. */
    public DriverContext withFilters(FilterCompiler generationFilters) {
        return new DriverContext(templates, stateDir, state, generationFilters);
    }
}
