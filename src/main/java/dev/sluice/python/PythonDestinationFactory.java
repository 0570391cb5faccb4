package dev.sluice.python;

import dev.sluice.driver.CommonOptions;
import dev.sluice.driver.Destination;
import dev.sluice.driver.DriverContext;
import dev.sluice.driver.DriverFactory;
import dev.sluice.driver.DriverRole;
import dev.sluice.driver.DriverSpec;

/**
 * {@code type: python} destination; {@code value-pairs: [NAME, …]} hands send() a dict instead of the
 * message; {@code time-zone} and {@code frac-digits} are its {@code self.template_options}.
 */
public final class PythonDestinationFactory implements DriverFactory<Destination> {
    private final PythonHost host;

    public PythonDestinationFactory(PythonHost host) { this.host = host; }

    @Override public String type() { return "python"; }
    @Override public DriverRole role() { return DriverRole.DESTINATION; }

    @Override
    public Destination create(DriverSpec spec, DriverContext context) {
        PythonDriverConfig config = PythonDriverConfig.read(spec, "python");
        var valuePairs = spec.stringList("value-pairs");
        var templateOptions = CommonOptions.templateOptions(spec); // time-zone, frac-digits: what LogTemplate.format() uses
        PythonContext py = PythonDrivers.resolve(host, spec, config);
        return py == null ? null : new PythonDestination(spec.id(), py, config, valuePairs, templateOptions);
    }
}
