package dev.sluice.driver;

import dev.sluice.state.StateStore;
import dev.sluice.template.TemplateCompiler;

import java.nio.file.Path;

/** What a factory may use while it builds a driver; {@code state} is null where no state store runs (some tests). */
public record DriverContext(TemplateCompiler templates, Path stateDir, StateStore state) {
    public DriverContext(TemplateCompiler templates, Path stateDir) { this(templates, stateDir, null); }

    /** The context for the drivers of one pipeline. */
    public DriverContext forPipeline(String pipeline) {
        return new DriverContext(templates.withScope(pipeline), stateDir, state);
    }
}
