package dev.sluice.driver.http;

import dev.sluice.driver.CommonOptions;
import dev.sluice.driver.DriverContext;
import dev.sluice.driver.DriverFactory;
import dev.sluice.driver.DriverRole;
import dev.sluice.driver.DriverSpec;
import dev.sluice.driver.Source;

/** {@code type: http} source, served on the service's HTTP port under {@code /ingest/}. */
public final class HttpSourceFactory implements DriverFactory<Source> {
    private final HttpIngestRegistry registry;

    public HttpSourceFactory(HttpIngestRegistry registry) { this.registry = registry; }

    @Override public String type() { return "http"; }
    @Override public DriverRole role() { return DriverRole.SOURCE; }

    @Override
    public Source create(DriverSpec spec, DriverContext context) {
        String path = spec.string("path", "/ingest/" + spec.name());
        if (!path.startsWith("/ingest/")) spec.error("path", "must start with /ingest/, got '" + path + "'");
        return new HttpSource(new HttpSource.Settings(path, CommonOptions.parseOptions(spec),
                spec.size("max-body-size", 10L << 20), spec.string("token", null),
                spec.integer("log-iw-size", 10_000)), registry);
    }
}
