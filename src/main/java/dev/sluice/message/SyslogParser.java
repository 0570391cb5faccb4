package dev.sluice.message;

import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.zone.ZoneRules;

/**
 * Parses RFC3164 (BSD) and RFC5424 syslog frames into {@link LogMessage}s. Never throws on bad
 * input: a frame it cannot understand becomes a message whose MESSAGE is the whole frame, with
 * {@code sluice.parse_error} set, and the matching counter goes up.
 */
public final class SyslogParser {
    public static final String PARSE_ERROR = "sluice.parse_error";
    private static final byte[] BOM = {(byte) 0xef, (byte) 0xbb, (byte) 0xbf};
    private static final String[] MONTHS = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

    private final ParseOptions options;
    private final ParseCounters counters;
    private final Utf8.Decoded decoded = new Utf8.Decoded();

    /** A parser keeps scratch state: use one per thread. */
    public SyslogParser(ParseOptions options, ParseCounters counters) {
        this.options = options;
        this.counters = counters;
    }

    public ParseOptions options() { return options; }

    public LogMessage parse(String raw) {
        byte[] b = Utf8.encode(raw);
        return parse(b, 0, b.length);
    }

    public LogMessage parse(byte[] buf, int off, int len) {
        return parse(buf, off, len, Timestamp.now());
    }

    /** Parses a frame that arrived at {@code received} (one stamp for all the frames of a read). */
    public LogMessage parse(byte[] buf, int off, int len, Timestamp received) {
        LogMessage msg = new LogMessage(received);
        while (len > 0 && (buf[off + len - 1] == '\n' || buf[off + len - 1] == '\r' || buf[off + len - 1] == 0)) len--;
        if (len > options.maxMessageSize()) {
            len = Utf8.boundary(buf, off, options.maxMessageSize());
            counters.truncated.increment();
        }
        if (options.validateUtf8()) msg.setUtf8(Utf8.valid(buf, off, len));
        if (options.storeRawMessage()) msg.setValue("RAWMSG", text(buf, off, len));
        counters.parsed.increment();
        if (!options.parse()) {
            msg.setMessage(text(buf, off, len));
            return msg;
        }
        try {
            Cursor c = new Cursor(buf, off, off + len);
            boolean hasPri = parsePri(c, msg);
            if (hasPri && c.remaining() >= 2 && c.peek() == '1' && c.peek(1) == ' ') {
                c.pos += 2;
                parse5424(c, msg);
            } else {
                parse3164(c, msg);
            }
        } catch (MalformedException | DateTimeException e) {
            counters.malformed.increment();
            msg.setPri(LogMessage.DEFAULT_PRI);
            msg.setHost("");
            msg.setProgram("");
            msg.setPid("");
            msg.setMsgid("");
            msg.setStamp(msg.received());
            msg.setMessage(text(buf, off, len));
            msg.setValue(PARSE_ERROR, e.getMessage());
        }
        return msg;
    }

    private boolean parsePri(Cursor c, LogMessage msg) {
        if (c.remaining() < 3 || c.peek() != '<') return false;
        int p = c.pos + 1;
        int v = 0;
        int digits = 0;
        while (p < c.end && c.b[p] >= '0' && c.b[p] <= '9' && digits < 3) {
            v = v * 10 + (c.b[p] - '0');
            p++;
            digits++;
        }
        // "<" that opens no PRI: syslog-ng refuses the message; it is kept whole here (and counted)
        if (digits == 0 || p >= c.end || c.b[p] != '>') throw new MalformedException("invalid PRI");
        // no range check, as syslog-ng: <192> is facility 24
        msg.setPri(v);
        c.pos = p + 1;
        return true;
    }

    // ---------------------------------------------------------------- RFC5424

    private void parse5424(Cursor c, LogMessage msg) {
        String ts = c.token();
        if (!"-".equals(ts)) msg.setStamp(isoTimestamp(ts, options.defaultZone()));
        c.expectSpace();
        msg.setHost(nil(c.token()));
        c.expectSpace();
        msg.setProgram(nil(c.token()));
        c.expectSpace();
        msg.setPid(nil(c.token()));
        c.expectSpace();
        msg.setMsgid(nil(c.token()));
        c.expectSpace();
        parseStructuredData(c, msg);
        if (c.remaining() > 0) {
            if (c.peek() != ' ') throw new MalformedException("expected a space after structured data at byte " + (c.pos - c.start));
            c.pos++;
            if (c.remaining() >= 3 && c.b[c.pos] == BOM[0] && c.b[c.pos + 1] == BOM[1] && c.b[c.pos + 2] == BOM[2]) {
                c.pos += 3;
                msg.setUtf8(true); // kept, so that RFC 5424 output carries the BOM on, as syslog-ng does
            }
            msg.setMessage(text(c.b, c.pos, c.remaining()));
        }
    }

    private void parseStructuredData(Cursor c, LogMessage msg) {
        if (c.remaining() == 0) throw new MalformedException("missing structured data");
        if (c.peek() == '-') { c.pos++; return; }
        if (c.peek() != '[') throw new MalformedException("structured data must start with '[' or be '-'");
        while (c.remaining() > 0 && c.peek() == '[') {
            c.pos++;
            String id = c.sdName();
            if (id.isEmpty()) throw new MalformedException("empty SD-ID");
            while (true) {
                if (c.remaining() == 0) throw new MalformedException("unterminated structured data element " + id);
                byte ch = c.peek();
                if (ch == ']') { c.pos++; break; }
                if (ch != ' ') throw new MalformedException("bad character in structured data element " + id);
                c.pos++;
                String name = c.sdName();
                if (name.isEmpty() || c.remaining() < 2 || c.peek() != '=' || c.peek(1) != '"') {
                    throw new MalformedException("bad SD-PARAM in element " + id);
                }
                c.pos += 2;
                msg.setValue(".SDATA." + id + "." + name, c.sdValue());
            }
        }
    }

    private static String nil(String s) { return "-".equals(s) ? "" : s; }

    // ---------------------------------------------------------------- RFC3164

    private void parse3164(Cursor c, LogMessage msg) {
        c.skipSpaces(); // "<13> Oct 11 …": syslog-ng skips them
        skipCiscoSequence(c);
        ZonedDateTime stamp = bsdTimestamp(c);
        if (stamp != null) {
            msg.setStamp(Timestamp.of(stamp));
            c.skipSpaces();
            parseHostname(c, msg);
        }
        parseProgram(c, msg);
        msg.setMessage(text(c.b, c.pos, c.remaining()));
    }

    /** Cisco devices put "123: " (a sequence number) and sometimes "*" before the timestamp. */
    private static void skipCiscoSequence(Cursor c) {
        int p = c.pos;
        while (p < c.end && c.b[p] >= '0' && c.b[p] <= '9') p++;
        if (p > c.pos && p + 1 < c.end && c.b[p] == ':' && c.b[p + 1] == ' ') {
            c.pos = p + 2;
        }
        if (c.remaining() > 0 && (c.peek() == '*' || c.peek() == '.')) c.pos++;
    }

    private ZonedDateTime bsdTimestamp(Cursor c) {
        if (c.remaining() >= 19 && isDigit(c, 0) && isDigit(c, 3) && c.peek(4) == '-' && c.peek(10) == 'T') {
            int save = c.pos;
            String tok = c.token();
            try {
                Timestamp ts = isoTimestamp(tok, options.defaultZone());
                return ts.at(null);
            } catch (DateTimeException | MalformedException e) {
                c.pos = save;
                return null;
            }
        }
        if (c.remaining() < 15) return null;
        int month = monthIndex(c);
        if (month < 0 || c.peek(3) != ' ') return null;
        int p = c.pos + 4;
        int day = 0;
        if (c.b[p] == ' ') p++;
        while (p < c.end && c.b[p] >= '0' && c.b[p] <= '9') day = day * 10 + (c.b[p++] - '0');
        if (p >= c.end || c.b[p] != ' ' || day < 1 || day > 31) return null;
        p++;
        int year = -1;
        // "Mar  1 2024 10:00:00" (a year before the time, as some devices send)
        if (p + 5 <= c.end && c.b[p + 4] == ' ' && allDigits(c.b, p, 4)) {
            year = (c.b[p] - '0') * 1000 + (c.b[p + 1] - '0') * 100 + (c.b[p + 2] - '0') * 10 + (c.b[p + 3] - '0');
            p += 5;
        }
        if (p + 8 > c.end || c.b[p + 2] != ':' || c.b[p + 5] != ':'
                || !allDigits(c.b, p, 2) || !allDigits(c.b, p + 3, 2) || !allDigits(c.b, p + 6, 2)) return null;
        int hh = num2(c.b, p), mm = num2(c.b, p + 3), ss = num2(c.b, p + 6);
        p += 8;
        int nanos = 0;
        if (p < c.end && c.b[p] == '.') {
            p++;
            int scale = 100_000_000;
            while (p < c.end && c.b[p] >= '0' && c.b[p] <= '9') {
                nanos += (c.b[p] - '0') * scale;
                scale /= 10;
                p++;
            }
        }
        // "... 2024" (a year after the time, Cisco's "service timestamps log datetime year")
        if (year < 0 && p + 5 <= c.end && c.b[p] == ' ' && allDigits(c.b, p + 1, 4)
                && (p + 5 == c.end || c.b[p + 5] == ' ' || c.b[p + 5] == ':')) {
            year = num2(c.b, p + 1) * 100 + num2(c.b, p + 3);
            p += 5;
        }
        ZoneId zone = options.defaultZone();
        // Cisco "UTC:" style zone abbreviation after the time
        if (p + 1 < c.end && c.b[p] == ' ') {
            int q = p + 1;
            while (q < c.end && c.b[q] >= 'A' && c.b[q] <= 'Z') q++;
            if (q - (p + 1) >= 3 && q < c.end && c.b[q] == ':') {
                String abbrev = new String(c.b, p + 1, q - p - 1, StandardCharsets.US_ASCII);
                if (abbrev.equals("UTC") || abbrev.equals("GMT")) zone = ZoneOffset.UTC;
                p = q + 1;
            }
        }
        if (p < c.end && c.b[p] == ':') p++; // Cisco ends the stamp with ':'
        LocalDateTime local;
        if (year < 0) {
            int now = CurrentMonth.in(zone);
            year = now / 100;
            int nowMonth = now % 100;
            // December messages read in January belong to the year before, and vice versa.
            if (month + 1 - nowMonth > 6) year--;
            else if (nowMonth - (month + 1) > 6) year++;
        }
        local = LocalDateTime.of(year, month + 1, day, hh, mm, ss, nanos);
        c.pos = p;
        return local.atZone(zone);
    }

    /**
     * The current year and month in a zone as {@code yyyymm}, looked up at most once a second: the
     * year of every RFC 3164 stamp is guessed from it, and a clock read with its zone rules per
     * message cost a tenth of the parse.
     */
    private record CurrentMonth(ZoneId zone, int yyyymm, long untilMillis) {
        private static volatile CurrentMonth last = new CurrentMonth(ZoneOffset.UTC, 0, 0);

        static int in(ZoneId zone) {
            CurrentMonth c = last;
            long now = System.currentTimeMillis();
            if (now >= c.untilMillis || !c.zone.equals(zone)) {
                ZonedDateTime t = ZonedDateTime.now(zone);
                last = c = new CurrentMonth(zone, t.getYear() * 100 + t.getMonthValue(), now + 1000);
            }
            return c.yyyymm;
        }
    }

    private static int monthIndex(Cursor c) {
        for (int i = 0; i < 12; i++) {
            String m = MONTHS[i];
            if (c.b[c.pos] == m.charAt(0) && c.b[c.pos + 1] == m.charAt(1) && c.b[c.pos + 2] == m.charAt(2)) return i;
        }
        return -1;
    }

    private void parseHostname(Cursor c, LogMessage msg) {
        int p = c.pos;
        while (p < c.end && isHostChar(c.b[p])) p++;
        if (p > c.pos && p < c.end && c.b[p] == ' ') {
            msg.setHost(new String(c.b, c.pos, p - c.pos, StandardCharsets.ISO_8859_1));
            c.pos = p + 1;
        }
    }

    private static boolean isHostChar(byte ch) {
        return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9')
                || ch == '-' || ch == '.' || ch == '_' || ch == '@' || ch == '/';
    }

    /**
     * The tag as syslog-ng reads it: a program up to {@code [}, {@code :} or a space (maybe empty),
     * an optional {@code [pid]}, an optional colon and one space. Without a header too: syslog-ng
     * reads "just text" as PROGRAM "just" and MESSAGE "text".
     */
    private void parseProgram(Cursor c, LogMessage msg) {
        int p = c.pos;
        while (p < c.end && c.b[p] != '[' && c.b[p] != ':' && c.b[p] != ' ') p++;
        int progEnd = p;
        String pid = "";
        if (p < c.end && c.b[p] == '[') {
            int q = p + 1;
            while (q < c.end && c.b[q] != ']') q++;
            pid = text(c.b, p + 1, q - p - 1);
            p = q < c.end ? q + 1 : q;
        }
        if (p < c.end && c.b[p] == ':') p++;
        if (p < c.end && c.b[p] == ' ') p++;
        msg.setProgram(text(c.b, c.pos, progEnd - c.pos));
        msg.setPid(pid);
        c.pos = p;
    }

    // ---------------------------------------------------------------- shared helpers

    /**
     * RFC3339 / ISO-8601 timestamps. The common shape ({@code 2024-01-02T03:04:05[.frac](Z|±hh:mm)})
     * is parsed by hand: java.time's parser allocates a map per call and dominated the profile.
     */
    static Timestamp isoTimestamp(String s, ZoneId defaultZone) {
        Timestamp fast = fastIso(s, defaultZone);
        if (fast != null) return fast;
        try {
            int tz = Math.max(s.lastIndexOf('+'), s.lastIndexOf('-'));
            if (s.endsWith("Z") || s.endsWith("z")) {
                return Timestamp.of(ZonedDateTime.of(LocalDateTime.parse(s.substring(0, s.length() - 1)), ZoneOffset.UTC));
            }
            if (tz > 10) {
                ZoneOffset off = ZoneOffset.of(s.substring(tz));
                return Timestamp.of(ZonedDateTime.of(LocalDateTime.parse(s.substring(0, tz)), off));
            }
            return Timestamp.of(LocalDateTime.parse(s).atZone(defaultZone));
        } catch (DateTimeException e) {
            throw new MalformedException("bad timestamp '" + s + "'");
        }
    }

    private static Timestamp fastIso(String s, ZoneId defaultZone) {
        int n = s.length();
        if (n < 19 || s.charAt(4) != '-' || s.charAt(7) != '-' || (s.charAt(10) != 'T' && s.charAt(10) != 't')
                || s.charAt(13) != ':' || s.charAt(16) != ':') return null;
        int year = digits(s, 0, 4), month = digits(s, 5, 2), day = digits(s, 8, 2);
        int hour = digits(s, 11, 2), minute = digits(s, 14, 2), second = digits(s, 17, 2);
        if ((year | month | day | hour | minute | second) < 0 || month < 1 || month > 12 || day < 1
                || day > 31 || hour > 23 || minute > 59 || second > 60) return null;
        int p = 19;
        long micros = 0;
        if (p < n && s.charAt(p) == '.') {
            p++;
            int scale = 100_000;
            int start = p;
            while (p < n && s.charAt(p) >= '0' && s.charAt(p) <= '9') {
                micros += (long) (s.charAt(p) - '0') * scale;
                scale /= 10;
                p++;
            }
            if (p == start) return null;
        }
        int offsetSeconds;
        ZoneOffset offset;
        if (p == n) { // no zone in the stamp: the source's time-zone applies (DST-aware)
            if (day > 28 && day > java.time.YearMonth.of(year, month).lengthOfMonth()) return null;
            ZoneRules rules = defaultZone.getRules();
            offset = rules.isFixedOffset() ? rules.getOffset(java.time.Instant.EPOCH)
                    : rules.getOffset(LocalDateTime.of(year, month, day, hour, minute, Math.min(second, 59)));
        } else if (p == n - 1 && (s.charAt(p) == 'Z' || s.charAt(p) == 'z')) {
            offset = ZoneOffset.UTC;
        } else if ((s.charAt(p) == '+' || s.charAt(p) == '-') && (n - p == 6 && s.charAt(p + 3) == ':' || n - p == 5)) {
            int oh = digits(s, p + 1, 2), om = digits(s, n - 2, 2);
            if (oh < 0 || om < 0 || oh > 18 || om > 59) return null;
            offsetSeconds = (oh * 3600 + om * 60) * (s.charAt(p) == '-' ? -1 : 1);
            offset = ZoneOffset.ofTotalSeconds(offsetSeconds);
        } else {
            return null;
        }
        if (day > 28 && day > java.time.YearMonth.of(year, month).lengthOfMonth()) return null;
        long days = daysFromCivil(year, month, day);
        long epoch = days * 86400 + hour * 3600L + minute * 60L + Math.min(second, 59) - offset.getTotalSeconds();
        return new Timestamp(epoch * 1_000_000L + micros, offset);
    }

    private static int digits(String s, int off, int n) {
        int v = 0;
        for (int i = off; i < off + n; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') return -1;
            v = v * 10 + (c - '0');
        }
        return v;
    }

    /** Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days-from-civil). */
    private static long daysFromCivil(int y, int m, int d) {
        y -= m <= 2 ? 1 : 0;
        long era = Math.floorDiv(y, 400);
        long yoe = y - era * 400;
        long doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
        long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        return era * 146097 + doe - 719468;
    }

    private String text(byte[] b, int off, int len) {
        String s = Utf8.decode(b, off, len, decoded, options.sanitizeUtf8());
        if (decoded.sanitized) counters.invalidUtf8.increment();
        return s;
    }

    private static boolean isDigit(Cursor c, int i) {
        byte ch = c.peek(i);
        return ch >= '0' && ch <= '9';
    }

    private static boolean allDigits(byte[] b, int off, int n) {
        for (int i = 0; i < n; i++) if (b[off + i] < '0' || b[off + i] > '9') return false;
        return true;
    }

    private static int num2(byte[] b, int off) { return (b[off] - '0') * 10 + (b[off + 1] - '0'); }

    static final class MalformedException extends RuntimeException {
        MalformedException(String message) { super(message, null, false, false); }
    }

    /** A position in the frame being parsed. */
    private final class Cursor {
        final byte[] b;
        final int start;
        final int end;
        int pos;

        Cursor(byte[] b, int start, int end) {
            this.b = b;
            this.start = start;
            this.end = end;
            this.pos = start;
        }

        int remaining() { return end - pos; }
        byte peek() { return b[pos]; }
        byte peek(int ahead) { return pos + ahead < end ? b[pos + ahead] : 0; }

        void skipSpaces() { while (pos < end && b[pos] == ' ') pos++; }

        void expectSpace() {
            if (pos >= end || b[pos] != ' ') throw new MalformedException("truncated RFC5424 header at byte " + (pos - start));
            pos++;
        }

        String token() {
            int p = pos;
            while (p < end && b[p] != ' ') p++;
            if (p == pos) throw new MalformedException("empty RFC5424 header field at byte " + (pos - start));
            String s = new String(b, pos, p - pos, StandardCharsets.ISO_8859_1);
            pos = p;
            return s;
        }

        String sdName() {
            int p = pos;
            while (p < end && b[p] != '=' && b[p] != ' ' && b[p] != ']' && b[p] != '"') p++;
            String s = text(b, pos, p - pos);
            pos = p;
            return s;
        }

        String sdValue() {
            StringBuilder sb = null;
            int from = pos;
            int p = pos;
            while (p < end) {
                byte ch = b[p];
                if (ch == '"') {
                    String tail = text(b, from, p - from);
                    pos = p + 1;
                    return sb == null ? tail : sb.append(tail).toString();
                }
                if (ch == '\\' && p + 1 < end && (b[p + 1] == '"' || b[p + 1] == '\\' || b[p + 1] == ']')) {
                    if (sb == null) sb = new StringBuilder();
                    sb.append(text(b, from, p - from)).append((char) b[p + 1]);
                    p += 2;
                    from = p;
                    continue;
                }
                p++;
            }
            throw new MalformedException("unterminated SD-PARAM value");
        }
    }
}
