package dev.sluice.driver.date;

import dev.sluice.driver.DriverContext;
import dev.sluice.driver.DriverFactory;
import dev.sluice.driver.DriverRole;
import dev.sluice.driver.DriverSpec;
import dev.sluice.driver.Parser;
import dev.sluice.driver.TextParser;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code type: date} parser step: {@code format} (one strptime format or a list, default
 * {@code %FT%T%z}), {@code time-zone} (for times without one; default the local zone), {@code template}.
 */
public final class DateParserFactory implements DriverFactory<Parser> {
    @Override public String type() { return "date"; }
    @Override public DriverRole role() { return DriverRole.PARSER; }

    @Override
    public Parser create(DriverSpec spec, DriverContext context) {
        List<String> written = spec.values("format");
        if (written.isEmpty()) written = List.of("%FT%T%z");
        List<Strptime> formats = new ArrayList<>();
        for (String f : written) {
            try {
                formats.add(new Strptime(f));
            } catch (IllegalArgumentException e) {
                spec.error("format", e.getMessage());
            }
        }
        ZoneId zone = spec.zone("time-zone");
        return new DateParser(TextParser.Input.read(spec, context), formats, zone == null ? ZoneId.systemDefault() : zone);
    }
}
