package dev.sluice.template;

import dev.sluice.message.LogMessage;
import dev.sluice.message.Timestamp;

import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneRules;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The computed values of syslog-ng ($ISODATE, $MSGHDR, $FACILITY, …). Date macros come in three
 * flavours like syslog-ng's: plain and {@code S_} use the message's stamp, {@code R_} the time it
 * was received, {@code C_} the current time.
 */
public final class Macros {
    /** Renders one macro into a buffer. */
    @FunctionalInterface
    public interface Macro {
        void render(LogMessage m, TemplateOptions o, StringBuilder out);
    }

    static final String[] FACILITIES = {"kern", "user", "mail", "daemon", "auth", "syslog", "lpr", "news", "uucp",
            "cron", "authpriv", "ftp", "ntp", "security", "console", "solaris-cron", "local0", "local1", "local2",
            "local3", "local4", "local5", "local6", "local7"};
    static final String[] SEVERITIES = {"emerg", "alert", "crit", "err", "warning", "notice", "info", "debug"};
    private static final String[] MONTHS = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    private static final String[] WEEKDAYS = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};

    private static final Map<String, Macro> MACROS = new HashMap<>();

    static {
        MACROS.put("MESSAGE", (m, o, out) -> out.append(m.message()));
        MACROS.put("MSG", MACROS.get("MESSAGE"));
        MACROS.put("HOST", (m, o, out) -> out.append(m.host()));
        MACROS.put("FULLHOST", MACROS.get("HOST"));
        MACROS.put("HOST_FROM", (m, o, out) -> out.append(m.hostFrom()));
        MACROS.put("FULLHOST_FROM", MACROS.get("HOST_FROM"));
        MACROS.put("PROGRAM", (m, o, out) -> out.append(m.program()));
        MACROS.put("PID", (m, o, out) -> out.append(m.pid()));
        MACROS.put("MSGID", (m, o, out) -> out.append(m.msgid()));
        MACROS.put("MSGHDR", Macros::msghdr);
        MACROS.put("TAGS", (m, o, out) -> out.append(String.join(",", m.tags())));
        MACROS.put("LEGACY_MSGHDR", Macros::msghdr);
        MACROS.put("PRI", (m, o, out) -> out.append(m.pri()));
        MACROS.put("FACILITY", (m, o, out) -> out.append(facilityName(m.facility())));
        MACROS.put("FACILITY_NUM", (m, o, out) -> out.append(m.facility()));
        MACROS.put("SEVERITY", (m, o, out) -> out.append(SEVERITIES[m.severity()]));
        MACROS.put("LEVEL", MACROS.get("SEVERITY"));
        MACROS.put("PRIORITY", MACROS.get("SEVERITY"));
        MACROS.put("SEVERITY_NUM", (m, o, out) -> out.append(m.severity()));
        MACROS.put("LEVEL_NUM", MACROS.get("SEVERITY_NUM"));
        MACROS.put("TAG", (m, o, out) -> hex2(out, m.pri()));
        MACROS.put("SOURCEIP", (m, o, out) -> out.append(m.sourceIp()));
        MACROS.put("SEQNUM", (m, o, out) -> {
            long n = o.seqnum() >= 0 ? o.seqnum() : m.seqnum();
            if (n > 0) out.append(n);
        });
        MACROS.put("TRANSPORT", (m, o, out) -> out.append(m.transport()));
        MACROS.put("SOURCE", (m, o, out) -> out.append(m.sourceName()));
        MACROS.put("LOGHOST", (m, o, out) -> out.append(LocalHost.NAME));
        MACROS.put("SDATA", Macros::sdata);
        for (String prefix : List.of("", "S_", "R_", "C_")) dateMacros(prefix);
    }

    private Macros() {}

    public static Macro lookup(String name) { return MACROS.get(name); }

    public static boolean isMacro(String name) { return MACROS.containsKey(name); }

    public static Set<String> names() { return MACROS.keySet(); }

    public static String render(String name, LogMessage m, TemplateOptions o) {
        Macro macro = MACROS.get(name);
        if (macro == null) return null;
        StringBuilder sb = new StringBuilder(32);
        macro.render(m, o, sb);
        return sb.toString();
    }

    public static String facilityName(int facility) {
        return facility < FACILITIES.length ? FACILITIES[facility] : Integer.toString(facility);
    }

    static void msghdr(LogMessage m, TemplateOptions o, StringBuilder out) {
        String program = m.program();
        if (program.isEmpty()) return;
        out.append(program);
        if (!m.pid().isEmpty()) out.append('[').append(m.pid()).append(']');
        out.append(": ");
    }

    /** RFC5424 structured data, e.g. {@code [exampleSDID@32473 iut="3" eventSource="App"]}. */
    static void sdata(LogMessage m, TemplateOptions o, StringBuilder out) {
        Map<String, List<Map.Entry<String, Object>>> byId = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : m.values().entrySet()) {
            String k = e.getKey();
            if (!k.startsWith(".SDATA.")) continue;
            int dot = k.lastIndexOf('.');
            if (dot <= 7) continue;
            byId.computeIfAbsent(k.substring(7, dot), x -> new java.util.ArrayList<>())
                    .add(Map.entry(k.substring(dot + 1), e.getValue()));
        }
        for (Map.Entry<String, List<Map.Entry<String, Object>>> sd : byId.entrySet()) {
            out.append('[').append(sd.getKey());
            for (Map.Entry<String, Object> p : sd.getValue()) {
                out.append(' ').append(p.getKey()).append("=\"");
                String v = String.valueOf(p.getValue());
                for (int i = 0; i < v.length(); i++) {
                    char c = v.charAt(i);
                    if (c == '"' || c == '\\' || c == ']') out.append('\\');
                    out.append(c);
                }
                out.append('"');
            }
            out.append(']');
        }
    }

    private static void dateMacros(String prefix) {
        MACROS.put(prefix + "ISODATE", (m, o, out) -> isodate(out, time(prefix, m, o), o.fracDigits()));
        MACROS.put(prefix + "DATE", (m, o, out) -> bsdDate(out, time(prefix, m, o), o.fracDigits()));
        MACROS.put(prefix + "FULLDATE", (m, o, out) -> {
            Local t = time(prefix, m, o);
            out.append(t.year).append(' ');
            bsdDate(out, t, o.fracDigits());
        });
        MACROS.put(prefix + "UNIXTIME", (m, o, out) -> {
            Local t = time(prefix, m, o);
            out.append(t.epochSeconds);
            frac(out, t.micros, o.fracDigits());
        });
        MACROS.put(prefix + "YEAR", (m, o, out) -> out.append(time(prefix, m, o).year));
        MACROS.put(prefix + "MONTH", (m, o, out) -> pad2(out, time(prefix, m, o).month));
        MACROS.put(prefix + "MONTH_ABBREV", (m, o, out) -> out.append(MONTHS[time(prefix, m, o).month - 1]));
        MACROS.put(prefix + "DAY", (m, o, out) -> pad2(out, time(prefix, m, o).day));
        MACROS.put(prefix + "HOUR", (m, o, out) -> pad2(out, time(prefix, m, o).hour));
        MACROS.put(prefix + "MIN", (m, o, out) -> pad2(out, time(prefix, m, o).minute));
        MACROS.put(prefix + "SEC", (m, o, out) -> pad2(out, time(prefix, m, o).second));
        MACROS.put(prefix + "USEC", (m, o, out) -> padN(out, time(prefix, m, o).micros, 6));
        MACROS.put(prefix + "MSEC", (m, o, out) -> padN(out, time(prefix, m, o).micros / 1000, 3));
        MACROS.put(prefix + "WEEKDAY", (m, o, out) -> out.append(WEEKDAYS[time(prefix, m, o).dayOfWeek]));
        MACROS.put(prefix + "TZOFFSET", (m, o, out) -> offset(out, time(prefix, m, o).offsetSeconds));
        MACROS.put(prefix + "TZ", MACROS.get(prefix + "TZOFFSET"));
        Map<TsFormat, Macro> stamps = new EnumMap<>(TsFormat.class);
        for (TsFormat f : TsFormat.values()) stamps.put(f, MACROS.get(prefix + f.macro()));
        MACROS.put(prefix + "STAMP", (m, o, out) -> stamps.get(o.tsFormat()).render(m, o, out));
    }

    private static Local time(String prefix, LogMessage m, TemplateOptions o) {
        Timestamp ts = switch (prefix) {
            case "R_" -> m.received();
            case "C_" -> Timestamp.now();
            default -> m.stamp();
        };
        return Local.of(ts, o.timeZone());
    }

    static void isodate(StringBuilder out, Local t, int fracDigits) {
        padN(out, t.year, 4);
        out.append('-');
        pad2(out, t.month);
        out.append('-');
        pad2(out, t.day);
        out.append('T');
        pad2(out, t.hour);
        out.append(':');
        pad2(out, t.minute);
        out.append(':');
        pad2(out, t.second);
        frac(out, t.micros, fracDigits);
        offset(out, t.offsetSeconds);
    }

    static void bsdDate(StringBuilder out, Local t, int fracDigits) {
        out.append(MONTHS[t.month - 1]).append(' ');
        if (t.day < 10) out.append(' ');
        out.append(t.day).append(' ');
        pad2(out, t.hour);
        out.append(':');
        pad2(out, t.minute);
        out.append(':');
        pad2(out, t.second);
        frac(out, t.micros, fracDigits);
    }

    private static void frac(StringBuilder out, int micros, int digits) {
        if (digits <= 0) return;
        out.append('.');
        int v = micros;
        for (int i = 6; i > digits; i--) v /= 10;
        padN(out, v, Math.min(digits, 6));
    }

    private static void offset(StringBuilder out, int seconds) {
        out.append(seconds < 0 ? '-' : '+');
        int abs = Math.abs(seconds);
        pad2(out, abs / 3600);
        out.append(':');
        pad2(out, (abs / 60) % 60);
    }

    private static void pad2(StringBuilder out, int v) {
        out.append((char) ('0' + v / 10)).append((char) ('0' + v % 10));
    }

    private static void padN(StringBuilder out, int v, int width) {
        String s = Integer.toString(v);
        for (int i = s.length(); i < width; i++) out.append('0');
        out.append(s);
    }

    private static void hex2(StringBuilder out, int v) {
        out.append(Character.forDigit((v >> 4) & 15, 16)).append(Character.forDigit(v & 15, 16));
    }

    /** Broken-down wall-clock time; computed by hand because java.time allocates several objects. */
    /** The zone of the machine Sluice runs on (Python's LTZ_LOCAL, the C_ macros' clock). */
    public static final ZoneId LOCAL = ZoneId.systemDefault();

    static final class Local {
        private static final ZoneRules LOCAL_RULES = ZoneId.systemDefault().getRules();
        long epochSeconds;
        int micros, year, month, day, hour, minute, second, dayOfWeek, offsetSeconds;

        static Local of(Timestamp ts, ZoneId zone) {
            Local l = new Local();
            l.epochSeconds = ts.epochSeconds();
            l.micros = ts.micros();
            if (zone == null) {
                // no time-zone option: the message's own offset, as syslog-ng keeps it
                l.offsetSeconds = ts.offset().getTotalSeconds();
            } else if (zone == LOCAL) {
                l.offsetSeconds = LOCAL_RULES.isFixedOffset() ? LOCAL_RULES.getOffset(java.time.Instant.EPOCH).getTotalSeconds()
                        : LOCAL_RULES.getOffset(java.time.Instant.ofEpochSecond(l.epochSeconds)).getTotalSeconds();
            } else if (zone instanceof ZoneOffset off) {
                l.offsetSeconds = off.getTotalSeconds();
            } else {
                l.offsetSeconds = zone.getRules().getOffset(java.time.Instant.ofEpochSecond(l.epochSeconds)).getTotalSeconds();
            }
            long local = l.epochSeconds + l.offsetSeconds;
            long days = Math.floorDiv(local, 86400);
            int secOfDay = (int) Math.floorMod(local, 86400);
            l.hour = secOfDay / 3600;
            l.minute = (secOfDay / 60) % 60;
            l.second = secOfDay % 60;
            l.dayOfWeek = (int) Math.floorMod(days + 3, 7); // 1970-01-01 was a Thursday
            civil(l, days);
            return l;
        }

        /** Days since the epoch to year/month/day (Howard Hinnant's civil-from-days algorithm). */
        private static void civil(Local l, long z) {
            z += 719468;
            long era = Math.floorDiv(z, 146097);
            long doe = z - era * 146097;
            long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
            long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
            long mp = (5 * doy + 2) / 153;
            l.day = (int) (doy - (153 * mp + 2) / 5 + 1);
            l.month = (int) (mp < 10 ? mp + 3 : mp - 9);
            l.year = (int) (yoe + era * 400 + (l.month <= 2 ? 1 : 0));
        }
    }
}
