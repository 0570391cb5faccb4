package dev.sluice.message;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;

/**
 * A point in time with the UTC offset it was expressed in, as syslog keeps it.
 * Microsecond precision like syslog-ng's stamps.
 */
public record Timestamp(long epochMicros, ZoneOffset offset) {

    public static Timestamp now() {
        Instant now = Instant.now();
        return new Timestamp(now.getEpochSecond() * 1_000_000L + now.getNano() / 1000, LocalOffset.at(now.getEpochSecond()));
    }

    /** The local zone's offset, looked up in the zone rules only when the cached one may have changed. */
    private record LocalOffset(ZoneOffset offset, long fromSecond, long untilSecond) {
        private static volatile LocalOffset current = lookup(Instant.now().getEpochSecond());

        static ZoneOffset at(long epochSecond) {
            LocalOffset c = current;
            if (epochSecond < c.fromSecond || epochSecond >= c.untilSecond) current = c = lookup(epochSecond);
            return c.offset;
        }

        private static LocalOffset lookup(long epochSecond) {
            ZoneRules rules = ZoneId.systemDefault().getRules();
            Instant at = Instant.ofEpochSecond(epochSecond);
            ZoneOffsetTransition next = rules.nextTransition(at);
            // at most an hour ahead, so that a changed default zone (tests, TZ) is seen soon
            long until = Math.min(epochSecond + 3600, next == null ? Long.MAX_VALUE : next.toEpochSecond());
            return new LocalOffset(rules.getOffset(at), epochSecond, until);
        }
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
