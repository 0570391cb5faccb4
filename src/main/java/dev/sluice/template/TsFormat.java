package dev.sluice.template;

/**
 * syslog-ng's {@code ts-format()}: how {@code $STAMP} (and the RFC 3164 header a destination
 * writes) shows a time. {@code bsd} is another name of {@code rfc3164}, {@code iso} of {@code rfc3339}.
 */
public enum TsFormat {
    RFC3164, BSD, RFC3339, ISO, UNIX, FULL;

    /** The macro that renders a time this way. */
    String macro() {
        return switch (this) {
            case RFC3164, BSD -> "DATE";
            case RFC3339, ISO -> "ISODATE";
            case UNIX -> "UNIXTIME";
            case FULL -> "FULLDATE";
        };
    }
}
