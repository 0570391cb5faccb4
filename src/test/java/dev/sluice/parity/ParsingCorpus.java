package dev.sluice.parity;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Generated syslog lines for the parser parity test: JSON objects of many shapes (nested, arrays,
 * numbers, escapes, broken), key=value text (quotes, escapes, stray words, odd separators), CSV
 * lines, firewall messages for regexps, timestamps in several formats, and plain text. Each line is
 * numbered in its PID ({@code app[n]}), so outputs line up message by message.
 */
final class ParsingCorpus {
    static final String ASA_PATTERN = "^%ASA-(?<sev>\\d)-(?<id>\\d+): Built (?<dir>inbound|outbound) (?<proto>TCP|UDP) connection (?<conn_id>\\d+)"
            + " for (?<src_zone>\\w+):(?<src_ip>[\\d.]+)/(?<src_port>\\d+)( \\((?<nat>[^)]*)\\))?";
    static final String FLOW_PATTERN = "RT_FLOW_SESSION_(?<event>CREATE|CLOSE): session (?:created|closed) (?<src>[\\d.]+)/(?<sport>\\d+)->(?<dst>[\\d.]+)/(?<dport>\\d+)";
    /**
     * Formats whose every field is in the text: 3.38 fills fields a format lacks from garbage (a
     * format without seconds got the wall clock's seconds and UTC), and without a year it gives 1900.
     */
    static final List<String> DATE_FORMATS = List.of("%Y-%m-%dT%H:%M:%S%z", "%Y-%m-%dT%H:%M:%S.%f%z", "%d/%b/%Y:%H:%M:%S %z",
            "%Y-%m-%d %H:%M:%S", "%s", "%a, %d %b %Y %H:%M:%S %Z");

    private static final String[] KEYS = {"a", "b_c", "x-y", "id", "msg", "user", "status", "Path", "n1", "k.v"};
    private static final String[] WORDS = {"alpha", "beta", "two words", "comma,inside", "quote\"d", "it's", "tab\there", "é-unicode",
            "slash/x", "back\\slash", "", " lead", "trail ", "=eq", "a=b", "x:y", "semi;colon"};

    private ParsingCorpus() {}

    static String generate(int messages) {
        Random r = new Random(20261207);
        StringBuilder b = new StringBuilder();
        for (int n = 1; n <= messages; n++) {
            int kind = r.nextInt(100);
            String body;
            if (kind < 32) body = json(r);
            else if (kind < 55) body = kv(r);
            else if (kind < 70) body = csv(r);
            else if (kind < 80) body = firewall(r);
            else if (kind < 92) body = date(r);
            else body = plain(r);
            int severity = r.nextInt(8);
            b.append('<').append(16 * 8 + severity).append(">Oct 11 22:14:15 host-").append(r.nextInt(5)).append(" app[").append(n)
                    .append("]: ").append(body).append('\n');
        }
        b.append("<13>Oct 11 22:14:16 host app: END\n");
        return b.toString();
    }

    private static String json(Random r) {
        String obj = object(r, 0);
        return switch (r.nextInt(14)) {
            case 0 -> obj.substring(0, Math.max(1, obj.length() / 2)); // truncated
            case 1 -> obj + " trailing text";
            case 2 -> "@cee:" + obj;
            case 3 -> "@cee: " + obj;
            case 4 -> "{'single': 'quotes'}";
            case 5 -> "[" + scalar(r) + "," + scalar(r) + "]";
            case 6 -> "{\"data\":" + object(r, 1) + ",\"other\":1}";
            case 7 -> "{\"data\":[" + object(r, 2) + "," + scalar(r) + "]}";
            case 8 -> "{\"id\":" + r.nextInt(1000) + ",\"score\":" + (r.nextInt(2000) - 1000) / 8.0 + ",\"ok\":" + r.nextBoolean()
                    + ",\"msg\":" + jsonString(WORDS[r.nextInt(WORDS.length)]) + ",\"tags\":[\"x\",\"y z\"],\"user\":{\"name\":\"u" + r.nextInt(9) + "\"}}";
            case 9 -> "{\"id\":\"not-a-number\",\"score\":\"x\",\"ok\":\"maybe\",\"msg\":null}";
            default -> obj;
        };
    }

    private static String object(Random r, int depth) {
        StringBuilder o = new StringBuilder("{");
        int members = r.nextInt(5) + (depth == 0 ? 1 : 0);
        for (int i = 0; i < members; i++) {
            if (i > 0) o.append(r.nextInt(4) == 0 ? ", " : ",");
            o.append(jsonString(KEYS[r.nextInt(KEYS.length)])).append(':');
            int v = r.nextInt(10);
            if (v < 2 && depth < 2) o.append(object(r, depth + 1));
            else if (v == 2) {
                o.append('[');
                int items = r.nextInt(4);
                for (int k = 0; k < items; k++) o.append(k > 0 ? "," : "").append(scalar(r));
                o.append(']');
            } else if (v == 3 && depth < 2) o.append('[').append(object(r, depth + 1)).append(",[1,2]]");
            else o.append(scalar(r));
        }
        return o.append('}').toString();
    }

    private static String scalar(Random r) {
        return switch (r.nextInt(9)) {
            case 0 -> Integer.toString(r.nextInt(100000) - 500);
            case 1 -> new String[] {"1.5", "-0.25", "1e3", "3.14159", "0.1", "100.0", "2E-3"}[r.nextInt(7)];
            case 2 -> r.nextBoolean() ? "true" : "false";
            case 3 -> "null";
            case 4 -> "12345678901234567890";
            case 5 -> "\"\\u00e9t\\u00e9 \\\"q\\\" \\\\ \\/ \\t\"";
            default -> jsonString(WORDS[r.nextInt(WORDS.length)]);
        };
    }

    private static String jsonString(String s) {
        StringBuilder o = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> o.append("\\\"");
                case '\\' -> o.append("\\\\");
                case '\t' -> o.append("\\t");
                default -> o.append(c);
            }
        }
        return o.append('"').toString();
    }

    private static String kv(Random r) {
        StringBuilder o = new StringBuilder();
        if (r.nextInt(6) == 0) o.append("stray word ");
        int pairs = 1 + r.nextInt(5);
        boolean custom = r.nextInt(4) == 0;
        for (int i = 0; i < pairs; i++) {
            if (i > 0) o.append(custom ? ";" : new String[] {" ", ", ", "  ", " junk "}[r.nextInt(4)]);
            o.append(KEYS[r.nextInt(KEYS.length)]).append(custom ? ":" : r.nextInt(8) == 0 ? " = " : "=");
            o.append(switch (r.nextInt(9)) {
                case 0 -> "\"" + WORDS[r.nextInt(WORDS.length)].replace("\"", "\\\"") + "\"";
                case 1 -> "'" + WORDS[r.nextInt(WORDS.length)].replace("'", "\\'") + "'";
                case 2 -> "";
                case 3 -> "\"unterminated";
                case 4 -> "\"ab\"cd";
                case 5 -> Integer.toString(r.nextInt(1000));
                default -> WORDS[r.nextInt(WORDS.length)].replace(" ", "_");
            });
        }
        return o.toString();
    }

    private static String csv(Random r) {
        StringBuilder o = new StringBuilder();
        int fields = 1 + r.nextInt(5);
        for (int i = 0; i < fields; i++) {
            if (i > 0) o.append(r.nextInt(5) == 0 ? ";" : ",");
            o.append(switch (r.nextInt(8)) {
                case 0 -> "\"" + WORDS[r.nextInt(WORDS.length)].replace("\"", "\"\"") + "\"";
                case 1 -> "'" + WORDS[r.nextInt(WORDS.length)] + "'";
                case 2 -> " spaced ";
                case 3 -> "-";
                case 4 -> "\"esc \\\" q\"";
                case 5 -> "";
                default -> WORDS[r.nextInt(WORDS.length)].replace(",", "").replace(";", "");
            });
        }
        return o.toString();
    }

    private static String firewall(Random r) {
        String ip = "10." + r.nextInt(256) + "." + r.nextInt(256) + "." + r.nextInt(256);
        return switch (r.nextInt(3)) {
            case 0 -> "%ASA-" + r.nextInt(8) + "-302013: Built " + (r.nextBoolean() ? "inbound" : "outbound") + " " + (r.nextBoolean() ? "TCP" : "UDP")
                    + " connection " + r.nextInt(100000) + " for outside:" + ip + "/" + r.nextInt(65536)
                    + (r.nextBoolean() ? " (" + ip + "/" + r.nextInt(65536) + ")" : "") + " to inside:192.168.1.5/51000";
            case 1 -> "RT_FLOW: RT_FLOW_SESSION_" + (r.nextBoolean() ? "CREATE: session created " : "CLOSE: session closed ") + ip + "/"
                    + r.nextInt(65536) + "->" + "172.16.0." + r.nextInt(256) + "/" + r.nextInt(1024) + " junos-http";
            default -> "%ASA-6-106100: access-list inside denied tcp inside/" + ip;
        };
    }

    private static String date(Random r) {
        long epoch = 946684800L + (long) (r.nextDouble() * 1_000_000_000L);
        ZonedDateTime utc = Instant.ofEpochSecond(epoch).atZone(ZoneId.of("UTC"));
        ZonedDateTime local = utc.withZoneSameInstant(ZoneId.of(r.nextBoolean() ? "America/New_York" : "Asia/Kolkata"));
        return switch (r.nextInt(8)) {
            case 0 -> local.format(DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxx"));
            case 1 -> local.format(DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxxx"));
            case 2 -> local.format(DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSxxx"));
            case 3 -> local.format(DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss xx", Locale.ROOT));
            case 4 -> utc.format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss"));
            case 5 -> Long.toString(epoch);
            case 6 -> utc.format(DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.ROOT));
            default -> "2024-13-45T99:00:00+0000";
        };
    }

    private static String plain(Random r) {
        return switch (r.nextInt(4)) {
            case 0 -> "user=bob logged in with error code 42";
            case 1 -> "USER=alice ERROR in module 7 of 12";
            case 2 -> "nothing to see here " + r.nextInt(100);
            default -> "disk usage 93% on /var";
        };
    }
}
