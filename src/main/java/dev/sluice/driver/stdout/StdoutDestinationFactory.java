package dev.sluice.driver.stdout;

import dev.sluice.driver.CommonOptions;
import dev.sluice.driver.Destination;
import dev.sluice.driver.DriverContext;
import dev.sluice.driver.DriverFactory;
import dev.sluice.driver.DriverRole;
import dev.sluice.driver.DriverSpec;
import dev.sluice.driver.file.FileDestinationFactory;

/** {@code type: stdout} destination. */
public final class StdoutDestinationFactory implements DriverFactory<Destination> {
    @Override public String type() { return "stdout"; }
    @Override public DriverRole role() { return DriverRole.DESTINATION; }

    @Override
    public Destination create(DriverSpec spec, DriverContext context) {
        var template = CommonOptions.template(spec, context, "template", FileDestinationFactory.DEFAULT_TEMPLATE);
        var options = CommonOptions.templateOptions(spec);
        return template == null ? null : new StdoutDestination(template, options);
    }
}
