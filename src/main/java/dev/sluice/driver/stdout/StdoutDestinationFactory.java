package dev.sluice.driver.stdout;

import dev.sluice.driver.CommonOptions;
import dev.sluice.driver.Destination;
import dev.sluice.driver.DriverContext;
import dev.sluice.driver.DriverFactory;
import dev.sluice.driver.DriverRole;
import dev.sluice.driver.DriverSpec;
import dev.sluice.template.TemplateException;

/** {@code type: stdout} destination. */
public final class StdoutDestinationFactory implements DriverFactory<Destination> {
    @Override public String type() { return "stdout"; }
    @Override public DriverRole role() { return DriverRole.DESTINATION; }

    @Override
    public Destination create(DriverSpec spec, DriverContext context) {
        String text = spec.string("template", "${ISODATE} ${HOST} ${MSGHDR}${MESSAGE}\n");
        try {
            return new StdoutDestination(context.templates().compile(text), CommonOptions.templateOptions(spec));
        } catch (TemplateException e) {
            spec.error("template", e.getMessage());
            return null;
        }
    }
}
