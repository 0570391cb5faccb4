package dev.sluice.template;

import java.time.ZoneId;

/**
 * How a destination renders times: {@code time-zone} (null = each message's own
 * offset, as syslog-ng does without time-zone()) and {@code frac-digits}; {@code seqnum}, unless negative, is what
 * {@code $SEQNUM} shows instead of the message's own (Python's {@code LogTemplate.format(…, seqnum=n)}, 0 = empty);
 * {@code tsFormat} is how {@code $STAMP} shows a time.
 */
public record TemplateOptions(ZoneId timeZone, int fracDigits, long seqnum, TsFormat tsFormat) {
    public static final TemplateOptions DEFAULT = new TemplateOptions(null, 0);

    public TemplateOptions(ZoneId timeZone, int fracDigits) {
        this(timeZone, fracDigits, -1, TsFormat.RFC3164);
    }

    public TemplateOptions(ZoneId timeZone, int fracDigits, TsFormat tsFormat) {
        this(timeZone, fracDigits, -1, tsFormat);
    }

    /** The same options rendering {@code $SEQNUM} as {@code seqnum} in {@code zone}. */
    public TemplateOptions with(ZoneId zone, long seqnum) {
        return new TemplateOptions(zone, fracDigits, seqnum, tsFormat);
    }
}
