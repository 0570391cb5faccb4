package dev.sluice.driver.date;

import dev.sluice.message.Timestamp;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Locale;

/**
 * One strptime(3) format, compiled once: {@code %Y %y %m %d %e %j %H %I %M %S %p %b %B %h %a %A %z %Z
 * %s %T %D %F %R %n %t %%}, and syslog-ng's {@code %f} (fraction of a second). Whitespace in the format
 * matches any run of whitespace, other characters themselves; the whole text must be used. A time
 * without a zone is in {@code zone}; one without a year gets the nearest year (syslog-ng 3.38 gave 1900).
 */
final class Strptime {
    private static final String[] MONTHS = {"january", "february", "march", "april", "may", "june", "july", "august",
            "september", "october", "november", "december"};
    private static final String[] DAYS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"};

    private final String format;

    Strptime(String format) {
        String f = format.replace("%T", "%H:%M:%S").replace("%D", "%m/%d/%y").replace("%F", "%Y-%m-%d").replace("%R", "%H:%M");
        for (int i = 0; i < f.length(); i++) {
            if (f.charAt(i) != '%') continue;
            if (i + 1 >= f.length() || "YymdejHIMSpbBhaAzZsfnt%".indexOf(f.charAt(i + 1)) < 0) {
                throw new IllegalArgumentException("unsupported directive '" + f.substring(i, Math.min(i + 2, f.length()))
                        + "' in date format '" + format + "'");
            }
            i++;
        }
        this.format = f;
    }

    /** The time {@code text} holds, or null when it does not fit the format. */
    Timestamp parse(String text, ZoneId zone) {
        int year = -1, month = -1, day = -1, yday = -1, hour = 0, minute = 0, second = 0, micros = 0;
        int pm = -1;
        boolean twelveHour = false;
        ZoneId parsedZone = null;
        long epoch = Long.MIN_VALUE;
        int[] pos = {0};
        for (int i = 0; i < format.length(); i++) {
            char f = format.charAt(i);
            if (Character.isWhitespace(f)) {
                skipSpace(text, pos);
                continue;
            }
            if (f != '%') {
                if (pos[0] >= text.length() || text.charAt(pos[0]) != f) return null;
                pos[0]++;
                continue;
            }
            char d = format.charAt(++i);
            switch (d) {
                case 'Y' -> year = number(text, pos, 4);
                case 'y' -> { int y = number(text, pos, 2); year = y < 0 ? -1 : y < 69 ? 2000 + y : 1900 + y; }
                case 'm' -> month = number(text, pos, 2);
                case 'd', 'e' -> day = number(text, pos, 2);
                case 'j' -> yday = number(text, pos, 3);
                case 'H' -> hour = number(text, pos, 2);
                case 'I' -> { hour = number(text, pos, 2); twelveHour = true; }
                case 'M' -> minute = number(text, pos, 2);
                case 'S' -> second = number(text, pos, 2);
                case 'f' -> micros = fraction(text, pos);
                case 'p' -> pm = meridiem(text, pos);
                case 'b', 'B', 'h' -> month = name(text, pos, MONTHS) + 1;
                case 'a', 'A' -> { if (name(text, pos, DAYS) < 0) return null; }
                case 'z' -> parsedZone = offset(text, pos);
                case 'Z' -> parsedZone = zoneName(text, pos);
                case 's' -> { long e = epoch(text, pos); if (e == Long.MIN_VALUE) return null; epoch = e; }
                case 'n', 't' -> skipSpace(text, pos);
                case '%' -> { if (pos[0] >= text.length() || text.charAt(pos[0]++) != '%') return null; }
                default -> throw new IllegalStateException("checked in the constructor");
            }
            if (year == -2 || month == 0 || month == -2 || day == -2 || hour < 0 || minute < 0 || second < 0 || micros < 0 || pm == -2
                    || yday == -2 || (parsedZone == null && (d == 'z' || d == 'Z'))) return null;
        }
        if (pos[0] != text.length()) return null;
        if (epoch != Long.MIN_VALUE) return new Timestamp(epoch * 1_000_000L + micros, ZoneOffset.UTC);
        if (twelveHour) {
            if (hour < 1 || hour > 12) return null;
            hour = hour % 12 + (pm == 1 ? 12 : 0);
        } else if (pm == 1 && hour < 12) hour += 12;
        ZoneId z = parsedZone != null ? parsedZone : zone;
        try {
            LocalDate date;
            if (year < 0) year = guessYear(month < 0 ? 1 : month, z);
            if (yday > 0 && month < 0) date = LocalDate.ofYearDay(year, yday);
            else date = LocalDate.of(year, month < 0 ? 1 : month, day < 0 ? 1 : day);
            ZonedDateTime t = LocalDateTime.of(date, java.time.LocalTime.of(hour, minute, second)).atZone(z);
            return new Timestamp(t.toEpochSecond() * 1_000_000L + micros, t.getOffset());
        } catch (DateTimeException e) {
            return null;
        }
    }

    /** The current year, or the one before for a month more than six months ahead (a December stamp read in January). */
    private static int guessYear(int month, ZoneId zone) {
        LocalDate now = LocalDate.now(zone);
        int year = now.getYear();
        if (month - now.getMonthValue() > 6) year--;
        else if (now.getMonthValue() - month > 6) year++;
        return year;
    }

    private static void skipSpace(String s, int[] pos) {
        while (pos[0] < s.length() && Character.isWhitespace(s.charAt(pos[0]))) pos[0]++;
    }

    /** Up to {@code max} digits (leading spaces skipped, as strptime does); -2 when there are none. */
    private static int number(String s, int[] pos, int max) {
        skipSpace(s, pos);
        int v = 0, n = 0;
        while (n < max && pos[0] < s.length() && Character.isDigit(s.charAt(pos[0]))) {
            v = v * 10 + (s.charAt(pos[0]++) - '0');
            n++;
        }
        return n == 0 ? -2 : v;
    }

    private static int fraction(String s, int[] pos) {
        int v = 0, n = 0;
        while (pos[0] < s.length() && Character.isDigit(s.charAt(pos[0]))) {
            if (n < 6) v = v * 10 + (s.charAt(pos[0]) - '0');
            pos[0]++;
            n++;
        }
        if (n == 0) return -1;
        for (int i = n; i < 6; i++) v *= 10;
        return v;
    }

    private static int meridiem(String s, int[] pos) {
        if (s.regionMatches(true, pos[0], "AM", 0, 2)) { pos[0] += 2; return 0; }
        if (s.regionMatches(true, pos[0], "PM", 0, 2)) { pos[0] += 2; return 1; }
        return -2;
    }

    /** A full or three-letter name; its index, or -1 (which callers turn into a mismatch). */
    private static int name(String s, int[] pos, String[] names) {
        for (int i = 0; i < names.length; i++) {
            String full = names[i];
            if (s.regionMatches(true, pos[0], full, 0, full.length())) { pos[0] += full.length(); return i; }
        }
        for (int i = 0; i < names.length; i++) {
            if (s.regionMatches(true, pos[0], names[i], 0, 3)) { pos[0] += 3; return i; }
        }
        return -1;
    }

    /** {@code Z}, {@code +hh}, {@code +hhmm} or {@code +hh:mm}. */
    private static ZoneId offset(String s, int[] pos) {
        int p = pos[0];
        if (p < s.length() && (s.charAt(p) == 'Z' || s.charAt(p) == 'z')) { pos[0]++; return ZoneOffset.UTC; }
        if (p >= s.length() || (s.charAt(p) != '+' && s.charAt(p) != '-')) return null;
        int sign = s.charAt(p) == '-' ? -1 : 1;
        p++;
        int[] q = {p};
        int digits = 0, v = 0;
        while (q[0] < s.length() && digits < 4) {
            char c = s.charAt(q[0]);
            if (c == ':' && digits == 2) { q[0]++; continue; }
            if (!Character.isDigit(c)) break;
            v = v * 10 + (c - '0');
            digits++;
            q[0]++;
        }
        int h, m;
        if (digits == 2) { h = v; m = 0; }
        else if (digits == 4) { h = v / 100; m = v % 100; }
        else return null;
        if (h > 18 || m > 59) return null;
        pos[0] = q[0];
        return ZoneOffset.ofTotalSeconds(sign * (h * 3600 + m * 60));
    }

    /** A zone name: UTC, GMT, Z, an id such as Europe/Paris, or an offset. */
    private static ZoneId zoneName(String s, int[] pos) {
        int p = pos[0];
        while (p < s.length() && (Character.isLetterOrDigit(s.charAt(p)) || "/_+-:".indexOf(s.charAt(p)) >= 0)) p++;
        String name = s.substring(pos[0], p);
        if (name.isEmpty()) return null;
        ZoneId z;
        try {
            z = switch (name.toUpperCase(Locale.ROOT)) {
                case "UTC", "GMT", "Z", "UT" -> ZoneOffset.UTC;
                default -> name.startsWith("+") || name.startsWith("-") ? ZoneOffset.of(name) : ZoneId.of(name, ZoneId.SHORT_IDS);
            };
        } catch (DateTimeException e) {
            return null;
        }
        pos[0] = p;
        return z;
    }

    private static long epoch(String s, int[] pos) {
        skipSpace(s, pos);
        int start = pos[0];
        if (pos[0] < s.length() && s.charAt(pos[0]) == '-') pos[0]++;
        while (pos[0] < s.length() && Character.isDigit(s.charAt(pos[0]))) pos[0]++;
        if (pos[0] == start || (pos[0] == start + 1 && s.charAt(start) == '-')) return Long.MIN_VALUE;
        try {
            return Long.parseLong(s.substring(start, pos[0]));
        } catch (NumberFormatException e) {
            return Long.MIN_VALUE;
        }
    }

    @Override
    public String toString() { return format; }
}
