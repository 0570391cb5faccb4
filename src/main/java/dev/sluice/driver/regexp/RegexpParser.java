package dev.sluice.driver.regexp;

import dev.sluice.driver.TextParser;
import dev.sluice.filter.Pcre;
import dev.sluice.message.LogMessage;

import java.util.List;
import java.util.regex.Matcher;

/**
 * {@code type: regexp}: syslog-ng's regexp-parser. The patterns are tried in order and the first that
 * matches (anywhere in the text) sets its named groups as {@code prefix + name}, and every group by
 * number ({@code $0} the whole match, {@code $1}, …) as 3.38 does; when none matches the parser fails.
 */
final class RegexpParser extends TextParser {
    private final List<Pcre> patterns;

    RegexpParser(Input input, List<Pcre> patterns) {
        super(input);
        this.patterns = List.copyOf(patterns);
    }

    @Override
    protected boolean parse(LogMessage m, String text) {
        for (Pcre p : patterns) {
            Matcher match = p.pattern().matcher(text);
            if (!match.find()) continue;
            for (int g = 0; g <= match.groupCount(); g++) {
                String v = match.group(g);
                if (v == null) continue; // a group that took no part in the match is not set
                m.setValue(Numbered.name(g), v);
                String name = p.name(g);
                if (!name.isEmpty()) m.setValue(prefix + name, v);
            }
            return true;
        }
        return false;
    }
}
