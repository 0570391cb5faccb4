package dev.sluice.driver.file;

import dev.sluice.driver.CommonOptions;
import dev.sluice.driver.Destination;
import dev.sluice.driver.DriverContext;
import dev.sluice.driver.DriverFactory;
import dev.sluice.driver.DriverRole;
import dev.sluice.driver.DriverSpec;
import dev.sluice.template.Template;

/** {@code type: file} destination. */
public final class FileDestinationFactory implements DriverFactory<Destination> {
    /** syslog-ng's default file template. */
    public static final String DEFAULT_TEMPLATE = "${ISODATE} ${HOST} ${MSGHDR}${MESSAGE}\n";

    @Override public String type() { return "file"; }
    @Override public DriverRole role() { return DriverRole.DESTINATION; }

    @Override
    public Destination create(DriverSpec spec, DriverContext context) {
        spec.requiredString("path");
        Template path = CommonOptions.template(spec, context, "path", null);
        Template template = CommonOptions.template(spec, context, "template", DEFAULT_TEMPLATE);
        var settings = new FileDestination.Settings(path, template, CommonOptions.templateOptions(spec),
                spec.bool("create-dirs", true), spec.integer("max-open-files", 256), spec.bool("fsync", false));
        return path == null || template == null ? null : new FileDestination(settings);
    }
}
