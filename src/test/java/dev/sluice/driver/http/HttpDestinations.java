package dev.sluice.driver.http;

import dev.sluice.driver.Destination;
import dev.sluice.driver.DriverContext;
import dev.sluice.driver.DriverRole;
import dev.sluice.driver.DriverSpec;
import dev.sluice.driver.TestSpecs;
import dev.sluice.template.TemplateCompiler;

import java.nio.file.Path;
import java.util.Map;

/** Builds http destinations from options as a user writes them, for the tests. */
final class HttpDestinations {
    private HttpDestinations() {}

    static Destination build(Map<String, Object> options) {
        DriverSpec spec = TestSpecs.spec(DriverRole.DESTINATION, "http", options);
        Destination d = new HttpDestinationFactory().create(spec, new DriverContext(TemplateCompiler.withBuiltins(), Path.of("target")));
        if (!spec.errors().isEmpty()) throw new AssertionError(spec.errors().toString());
        return d;
    }
}
