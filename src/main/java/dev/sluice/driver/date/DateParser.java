package dev.sluice.driver.date;

import dev.sluice.driver.TextParser;
import dev.sluice.message.LogMessage;
import dev.sluice.message.Timestamp;

import java.time.ZoneId;
import java.util.List;

/**
 * {@code type: date}: syslog-ng's date-parser. The formats are tried in order; the first that reads
 * the whole text sets the message's time ({@code $ISODATE}, {@code $UNIXTIME}, …); when none does the
 * parser fails.
 */
final class DateParser extends TextParser {
    private final List<Strptime> formats;
    private final ZoneId zone;

    DateParser(Input input, List<Strptime> formats, ZoneId zone) {
        super(input);
        this.formats = List.copyOf(formats);
        this.zone = zone;
    }

    @Override
    protected boolean parse(LogMessage m, String text) {
        for (Strptime f : formats) {
            Timestamp t = f.parse(text, zone);
            if (t != null) {
                m.setStamp(t);
                return true;
            }
        }
        return false;
    }
}
