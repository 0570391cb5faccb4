package dev.sluice.template;

import java.time.ZoneId;

/**
 * How a destination renders times: {@code time-zone} (null = the service's local zone, as
 * syslog-ng's send-time-zone) and {@code frac-digits}.
 */
public record TemplateOptions(ZoneId timeZone, int fracDigits) {
    public static final TemplateOptions DEFAULT = new TemplateOptions(null, 0);
}
