package dev.sluice.driver.syslog;

import dev.sluice.driver.CommonOptions;
import dev.sluice.driver.DriverContext;
import dev.sluice.driver.DriverFactory;
import dev.sluice.driver.DriverRole;
import dev.sluice.driver.DriverSpec;
import dev.sluice.driver.Parser;
import dev.sluice.driver.TextParser;

/** {@code type: syslog} parser step: {@code template}, {@code flags}, {@code time-zone}, {@code keep-hostname}, {@code drop-invalid}. */
public final class SyslogParserStepFactory implements DriverFactory<Parser> {
    @Override public String type() { return "syslog"; }
    @Override public DriverRole role() { return DriverRole.PARSER; }

    @Override
    public Parser create(DriverSpec spec, DriverContext context) {
        var input = TextParser.Input.read(spec, context);
        if (!input.prefix().isEmpty()) spec.error("prefix", "a syslog parser sets the message's own fields; it has no prefix");
        return new SyslogParserStep(input, CommonOptions.parseOptions(spec), spec.bool("drop-invalid", false));
    }
}
