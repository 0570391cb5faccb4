package dev.sluice.python;

import dev.sluice.driver.CommonOptions;
import dev.sluice.driver.Destination;
import dev.sluice.driver.DriverContext;
import dev.sluice.driver.DriverFactory;
import dev.sluice.driver.DriverRole;
import dev.sluice.driver.DriverSpec;

/**
 * {@code type: python} destination; {@code value-pairs: [NAME, …]} hands send() a dict of those names
 * instead of the message, and {@code value-pairs: {scope: …, key: …, pair: …}} one of syslog-ng's full
 * value-pairs (typed by hints: int, float, bool, list; text as bytes); {@code time-zone} and {@code frac-digits} are its {@code self.template_options}.
 */
public final class PythonDestinationFactory implements DriverFactory<Destination> {
    private final PythonHost host;

    public PythonDestinationFactory(PythonHost host) { this.host = host; }

    @Override public String type() { return "python"; }
    @Override public DriverRole role() { return DriverRole.DESTINATION; }

    @Override
    public Destination create(DriverSpec spec, DriverContext context) {
        PythonDriverConfig config = PythonDriverConfig.read(spec, "python");
        var written = spec.options().get("value-pairs");
        boolean full = written != null && written.asMap() != null && written.asList() == null;
        var pairs = full ? CommonOptions.valuePairs(spec, context, "value-pairs") : null;
        var valuePairs = full ? java.util.List.<String>of() : spec.stringList("value-pairs");
        var templateOptions = CommonOptions.templateOptions(spec); // time-zone, frac-digits: what LogTemplate.format() uses
        PythonContext py = PythonDrivers.resolve(host, spec, config);
        return py == null ? null : new PythonDestination(spec.id(), py, config, valuePairs, pairs, templateOptions);
    }
}
