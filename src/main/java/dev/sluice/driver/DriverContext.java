package dev.sluice.driver;

import dev.sluice.state.StateStore;
import dev.sluice.template.TemplateCompiler;

import java.nio.file.Path;

/** What a factory may use while it builds a driver; {@code state} is null where no state store runs (some tests). */
public record DriverContext(TemplateCompiler templates, Path stateDir, StateStore state) {
    public DriverContext(TemplateCompiler templates, Path stateDir) { this(templates, stateDir, null); }

    /** The context for one driver instance: its templates' {@code $(python)} calls run in its interpreter. */
    public DriverContext forDriver(DriverSpec spec) {
        return new DriverContext(templates.withScope(spec.instanceId()), stateDir, state);
    }
}
