package dev.sluice.message;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

/**
 * A point in time with the UTC offset it was expressed in, as syslog keeps it.
 * Microsecond precision like syslog-ng's stamps.
 */
public record Timestamp(long epochMicros, ZoneOffset offset) {

    public static Timestamp now() {
        Instant now = Instant.now();
        ZoneOffset off = ZoneId.systemDefault().getRules().getOffset(now);
        return new Timestamp(now.getEpochSecond() * 1_000_000L + now.getNano() / 1000, off);
    }

    public static Timestamp of(ZonedDateTime t) {
        return new Timestamp(t.toEpochSecond() * 1_000_000L + t.getNano() / 1000, t.getOffset());
    }

    public long epochSeconds() { return Math.floorDiv(epochMicros, 1_000_000L); }

    public int micros() { return (int) Math.floorMod(epochMicros, 1_000_000L); }

    public Instant instant() { return Instant.ofEpochSecond(epochSeconds(), micros() * 1000L); }

    /** The wall-clock time in the given zone, or in the stamp's own offset when zone is null. */
    public ZonedDateTime at(ZoneId zone) {
        return instant().atZone(zone == null ? offset : zone);
    }
}
