package dev.sluice.message;

import java.time.ZoneId;

/**
 * How a source turns raw bytes into a {@link LogMessage}.
 *
 * @param parse          false for syslog-ng's {@code flags(no-parse)}: the whole line becomes MESSAGE
 * @param keepHostname   keep HOST from the message; otherwise HOST is the sender's address
 * @param defaultZone    zone of timestamps that carry none (RFC3164), the source's {@code time-zone}
 * @param maxMessageSize longer messages are truncated to this many bytes ({@code log-msg-size})
 * @param storeRawMessage keep the received bytes in {@code RAWMSG}
 * @param sanitizeUtf8   {@code flags(sanitize-utf8)}: invalid UTF-8 becomes {@code \xNN} text; otherwise the bytes pass unchanged
 * @param validateUtf8   {@code flags(validate-utf8)}: a message that is valid UTF-8 is marked so ({@link LogMessage#utf8()})
 */
public record ParseOptions(boolean parse, boolean keepHostname, ZoneId defaultZone, int maxMessageSize,
                           boolean storeRawMessage, boolean sanitizeUtf8, boolean validateUtf8) {

    public ParseOptions(boolean parse, boolean keepHostname, ZoneId defaultZone, int maxMessageSize, boolean storeRawMessage) {
        this(parse, keepHostname, defaultZone, maxMessageSize, storeRawMessage, false, false);
    }

    public ParseOptions(boolean parse, boolean keepHostname, ZoneId defaultZone, int maxMessageSize, boolean storeRawMessage,
                        boolean sanitizeUtf8) {
        this(parse, keepHostname, defaultZone, maxMessageSize, storeRawMessage, sanitizeUtf8, false);
    }

    public static final int DEFAULT_MAX_MESSAGE_SIZE = 65536;
}
