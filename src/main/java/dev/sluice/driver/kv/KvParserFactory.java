package dev.sluice.driver.kv;

import dev.sluice.driver.DriverContext;
import dev.sluice.driver.DriverFactory;
import dev.sluice.driver.DriverRole;
import dev.sluice.driver.DriverSpec;
import dev.sluice.driver.Parser;
import dev.sluice.driver.TextParser;

/**
 * {@code type: kv} parser step: {@code prefix}, {@code value-separator} (one character, default
 * {@code =}), {@code pair-separator} (default {@code ", "}), {@code extract-stray-words-into}, {@code template}.
 */
public final class KvParserFactory implements DriverFactory<Parser> {
    @Override public String type() { return "kv"; }
    @Override public DriverRole role() { return DriverRole.PARSER; }

    @Override
    public Parser create(DriverSpec spec, DriverContext context) {
        String valueSeparator = spec.string("value-separator", "=");
        if (valueSeparator.length() != 1) spec.error("value-separator", "must be a single character, got '" + valueSeparator + "'");
        String pairSeparator = spec.string("pair-separator", ", ");
        if (pairSeparator.isEmpty()) spec.error("pair-separator", "must not be empty");
        var scanner = new KvScanner(valueSeparator.isEmpty() ? '=' : valueSeparator.charAt(0), pairSeparator.isEmpty() ? ", " : pairSeparator);
        return new KvParser(TextParser.Input.read(spec, context), scanner, spec.string("extract-stray-words-into", null));
    }
}
