package dev.sluice.driver.file;

import dev.sluice.driver.CommonOptions;
import dev.sluice.driver.Destination;
import dev.sluice.driver.DriverContext;
import dev.sluice.driver.DriverFactory;
import dev.sluice.driver.DriverRole;
import dev.sluice.driver.DriverSpec;
import dev.sluice.template.Template;
import dev.sluice.template.TemplateException;

/** {@code type: file} destination. */
public final class FileDestinationFactory implements DriverFactory<Destination> {
    /** syslog-ng's default file template. */
    public static final String DEFAULT_TEMPLATE = "${ISODATE} ${HOST} ${MSGHDR}${MESSAGE}\n";

    @Override public String type() { return "file"; }
    @Override public DriverRole role() { return DriverRole.DESTINATION; }

    @Override
    public Destination create(DriverSpec spec, DriverContext context) {
        Template path = compile(spec, context, "path", spec.requiredString("path"));
        Template template = compile(spec, context, "template", spec.string("template", DEFAULT_TEMPLATE));
        return new FileDestination(new FileDestination.Settings(path, template, CommonOptions.templateOptions(spec),
                spec.bool("create-dirs", true), spec.integer("max-open-files", 256), spec.bool("fsync", false)));
    }

    static Template compile(DriverSpec spec, DriverContext context, String key, String text) {
        if (text == null) return context.templates().compile("");
        try {
            return context.templates().compile(text);
        } catch (TemplateException e) {
            spec.error(key, e.getMessage());
            return context.templates().compile("");
        }
    }
}
