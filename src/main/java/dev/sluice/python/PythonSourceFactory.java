package dev.sluice.python;

import dev.sluice.driver.CommonOptions;
import dev.sluice.driver.DriverContext;
import dev.sluice.driver.DriverFactory;
import dev.sluice.driver.DriverRole;
import dev.sluice.driver.DriverSpec;
import dev.sluice.driver.Source;

/** {@code type: python} source (server style). */
public final class PythonSourceFactory implements DriverFactory<Source> {
    private final PythonHost host;

    public PythonSourceFactory(PythonHost host) { this.host = host; }

    @Override public String type() { return "python"; }
    @Override public DriverRole role() { return DriverRole.SOURCE; }

    @Override
    public Source create(DriverSpec spec, DriverContext context) {
        PythonDriverConfig config = PythonDriverConfig.read(spec, "python-source");
        var settings = new PythonServerSource.Settings(CommonOptions.parseOptions(spec), spec.integer("log-iw-size", 1000));
        PythonContext py = PythonDrivers.resolve(host, spec, config);
        return py == null ? null : new PythonServerSource(spec.id(), py, config, settings);
    }
}
