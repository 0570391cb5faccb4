package dev.sluice.driver.regexp;

import dev.sluice.driver.DriverContext;
import dev.sluice.driver.DriverFactory;
import dev.sluice.driver.DriverRole;
import dev.sluice.driver.DriverSpec;
import dev.sluice.driver.Parser;
import dev.sluice.driver.TextParser;
import dev.sluice.filter.FilterException;
import dev.sluice.filter.Pcre;

import java.util.ArrayList;
import java.util.List;

/** {@code type: regexp} parser step: {@code patterns} (PCRE, tried in order), {@code prefix}, {@code template}, {@code flags: [ignore-case]}. */
public final class RegexpParserFactory implements DriverFactory<Parser> {
    @Override public String type() { return "regexp"; }
    @Override public DriverRole role() { return DriverRole.PARSER; }

    @Override
    public Parser create(DriverSpec spec, DriverContext context) {
        boolean ignoreCase = false;
        for (String flag : spec.stringList("flags")) {
            switch (flag.trim()) {
                case "ignore-case" -> ignoreCase = true;
                case "utf8", "store-matches" -> { } // always so here
                default -> spec.error("flags", "unknown flag '" + flag + "' (ignore-case, utf8, store-matches)");
            }
        }
        List<Pcre> patterns = new ArrayList<>();
        List<String> written = spec.values("patterns");
        if (written.isEmpty()) spec.error("patterns", "a regexp parser needs patterns: ['(?<name>…)', …]");
        for (String p : written) {
            try {
                patterns.add(Pcre.compile(p, ignoreCase));
            } catch (FilterException e) {
                spec.error("patterns", e.getMessage());
            }
        }
        return new RegexpParser(TextParser.Input.read(spec, context), patterns);
    }
}
