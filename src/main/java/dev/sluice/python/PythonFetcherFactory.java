package dev.sluice.python;

import dev.sluice.driver.CommonOptions;
import dev.sluice.driver.DriverContext;
import dev.sluice.driver.DriverFactory;
import dev.sluice.driver.DriverRole;
import dev.sluice.driver.DriverSpec;
import dev.sluice.driver.Source;

import java.time.Duration;

/** {@code type: python-fetcher} source. */
public final class PythonFetcherFactory implements DriverFactory<Source> {
    private final PythonHost host;

    public PythonFetcherFactory(PythonHost host) { this.host = host; }

    @Override public String type() { return "python-fetcher"; }
    @Override public DriverRole role() { return DriverRole.SOURCE; }

    @Override
    public Source create(DriverSpec spec, DriverContext context) {
        PythonDriverConfig config = PythonDriverConfig.read(spec, "python-fetcher");
        var settings = new PythonFetcherSource.Settings(CommonOptions.parseOptions(spec), spec.integer("log-iw-size", 1000),
                spec.duration("fetch-no-data-delay", Duration.ofSeconds(1)), spec.duration("time-reopen", Duration.ofSeconds(1)));
        PythonContext py = PythonDrivers.resolve(host, spec, config);
        return py == null ? null : new PythonFetcherSource(spec.id(), py, config, settings);
    }
}
