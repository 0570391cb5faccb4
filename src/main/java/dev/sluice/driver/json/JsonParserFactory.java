package dev.sluice.driver.json;

import dev.sluice.driver.DriverContext;
import dev.sluice.driver.DriverFactory;
import dev.sluice.driver.DriverRole;
import dev.sluice.driver.DriverSpec;
import dev.sluice.driver.Parser;
import dev.sluice.driver.TextParser;

/** {@code type: json} parser step: {@code prefix}, {@code marker}, {@code extract-prefix}, {@code template}. */
public final class JsonParserFactory implements DriverFactory<Parser> {
    @Override public String type() { return "json"; }
    @Override public DriverRole role() { return DriverRole.PARSER; }

    @Override
    public Parser create(DriverSpec spec, DriverContext context) {
        return new JsonParser(TextParser.Input.read(spec, context), spec.string("marker", null), spec.string("extract-prefix", null));
    }
}
