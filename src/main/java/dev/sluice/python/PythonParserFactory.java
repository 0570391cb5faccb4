package dev.sluice.python;

import dev.sluice.driver.DriverContext;
import dev.sluice.driver.DriverFactory;
import dev.sluice.driver.DriverRole;
import dev.sluice.driver.DriverSpec;
import dev.sluice.driver.Parser;

/** {@code type: python} parser. */
public final class PythonParserFactory implements DriverFactory<Parser> {
    private final PythonHost host;

    public PythonParserFactory(PythonHost host) { this.host = host; }

    @Override public String type() { return "python"; }
    @Override public DriverRole role() { return DriverRole.PARSER; }

    @Override
    public Parser create(DriverSpec spec, DriverContext context) {
        PythonDriverConfig config = PythonDriverConfig.read(spec, "python-parser");
        PythonContext py = PythonDrivers.resolve(host, spec, config);
        return py == null ? null : new PythonParser(spec.id(), py, config);
    }
}
