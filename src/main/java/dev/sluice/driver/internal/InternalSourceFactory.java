package dev.sluice.driver.internal;

import ch.qos.logback.classic.Level;
import dev.sluice.driver.DriverContext;
import dev.sluice.driver.DriverFactory;
import dev.sluice.driver.DriverRole;
import dev.sluice.driver.DriverSpec;
import dev.sluice.driver.Source;

/** {@code type: internal} source; {@code level} (default info) sets the lowest level forwarded. */
public final class InternalSourceFactory implements DriverFactory<Source> {
    @Override public String type() { return "internal"; }
    @Override public DriverRole role() { return DriverRole.SOURCE; }

    @Override
    public Source create(DriverSpec spec, DriverContext context) {
        String level = spec.string("level", "info");
        Level l = Level.toLevel(level, null);
        if (l == null) spec.error("level", "expected one of error, warn, info, debug, got '" + level + "'");
        return new InternalSource(l == null ? Level.INFO : l);
    }
}
