package dev.sluice.driver.syslog;

import dev.sluice.driver.TextParser;
import dev.sluice.message.LogMessage;
import dev.sluice.message.ParseCounters;
import dev.sluice.message.ParseOptions;
import dev.sluice.message.SyslogParser;
import dev.sluice.message.Utf8;

import java.util.Map;

/**
 * {@code type: syslog} parser step (syslog-ng's syslog-parser): re-parses its {@code template} (by
 * default the message, e.g. a source read with {@code no-parse}, or a syslog line inside JSON) as an
 * RFC 3164/5424 message, and takes its priority, time, host, program, pid, msgid, text and SD-params.
 * A malformed line fails the step only with {@code drop-invalid}.
 */
final class SyslogParserStep extends TextParser {
    private final SyslogParser parser;
    private final ParseCounters counters = new ParseCounters();
    private final boolean dropInvalid;

    SyslogParserStep(Input input, ParseOptions options, boolean dropInvalid) {
        super(input);
        this.parser = new SyslogParser(options, counters);
        this.dropInvalid = dropInvalid;
    }

    @Override
    protected boolean parse(LogMessage m, String text) {
        long malformed = counters.malformed.sum();
        byte[] raw = Utf8.encode(text);
        LogMessage parsed = parser.parse(raw, 0, raw.length, m.received());
        if (dropInvalid && counters.malformed.sum() != malformed) return false;
        m.setPri(parsed.pri());
        m.setStamp(parsed.stamp());
        if (!parsed.host().isEmpty()) m.setHost(parsed.host());
        m.setProgram(parsed.program());
        m.setPid(parsed.pid());
        m.setMsgid(parsed.msgid());
        m.setMessage(parsed.message());
        if (parsed.utf8()) m.setUtf8(true);
        for (Map.Entry<String, Object> e : parsed.values().entrySet()) m.setValue(e.getKey(), e.getValue());
        return true;
    }
}
