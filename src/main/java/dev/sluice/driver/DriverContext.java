package dev.sluice.driver;

import dev.sluice.template.TemplateCompiler;

import java.nio.file.Path;

/** What a factory may use while it builds a driver. */
public record DriverContext(TemplateCompiler templates, Path stateDir) {
    /** The context for the drivers of one pipeline. */
    public DriverContext forPipeline(String pipeline) {
        return new DriverContext(templates.withScope(pipeline), stateDir);
    }
}
