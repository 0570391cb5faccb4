package dev.sluice.driver.kv;

import dev.sluice.template.ListText;

import java.util.function.BiConsumer;

/**
 * Splits {@code key=value} text the way syslog-ng's kv-parser does. A key is the run of letters,
 * digits, {@code _ . -} right before a value separator (spaces allowed between); an unquoted value
 * runs until the pair separator or until the next key follows a space, so {@code a=b c d=e} gives
 * {@code a="b c"}; a quoted value ({@code "…"} or {@code '…'}) takes backslash escapes. A badly
 * quoted value is kept as written and its text scanned again for keys. Text that belongs to no
 * pair is collected as stray words.
 */
final class KvScanner {
    private final char valueSeparator;
    private final String pairSeparator;
    /** The pair separator's first character: only it and a space can end a value, so only they are looked at closely. */
    private final char separatorStart;

    KvScanner(char valueSeparator, String pairSeparator) {
        this.valueSeparator = valueSeparator;
        this.pairSeparator = pairSeparator;
        this.separatorStart = pairSeparator.charAt(0);
    }

    /** Calls {@code pair} for each key and value in order; returns the stray words as a list text. */
    String scan(String in, BiConsumer<String, String> pair) {
        StringBuilder stray = new StringBuilder();
        StringBuilder value = new StringBuilder();
        int pos = 0;
        while (true) {
            int sep = in.indexOf(valueSeparator, pos);
            String key = null;
            while (sep >= 0) {
                int end = sep;
                while (end > pos && in.charAt(end - 1) == ' ') end--;
                int start = end;
                while (start > pos && isKeyChar(in.charAt(start - 1))) start--;
                if (end > start) {
                    strayWord(stray, in, pos, start);
                    key = in.substring(start, end);
                    pos = sep + 1;
                    break;
                }
                sep = in.indexOf(valueSeparator, sep + 1);
            }
            if (key == null) {
                strayWord(stray, in, pos, in.length());
                return stray.toString();
            }
            while (pos < in.length() && in.charAt(pos) == ' ' && delimiterEnd(in, pos, false) < 0) pos++;
            value.setLength(0);
            int end = decode(in, pos, value);
            if (end >= 0) pos = end;
            else {
                // quoting went wrong: the value is the raw text, which is scanned again for keys
                value.setLength(0);
                value.append(in, pos, -end - 1);
            }
            pair.accept(key, value.toString());
        }
    }

    private static boolean isKeyChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-';
    }

    private static void strayWord(StringBuilder stray, String in, int from, int to) {
        while (to > from && in.charAt(to - 1) == ' ') to--;
        while (from < to && in.charAt(from) == ' ') from++;
        if (to <= from) return;
        if (!stray.isEmpty()) stray.append(',');
        ListText.append(stray, in.substring(from, to), ",");
    }

    private static final int INITIAL = 0, QUOTED = 1, BACKSLASH = 2, AFTER_QUOTE = 3, BAD_QUOTE = 4, UNQUOTED = 5;

    /**
     * Decodes the value at {@code from} into {@code out}; returns where scanning goes on, or, when
     * the quoting was wrong, {@code -(where it stopped) - 1}.
     */
    private int decode(String in, int from, StringBuilder out) {
        boolean quotedValue = from < in.length() && (in.charAt(from) == '"' || in.charAt(from) == '\'');
        int state = INITIAL;
        char quote = 0;
        int cur = from;
        for (; cur < in.length(); cur++) {
            char c = in.charAt(cur);
            int next;
            switch (state) {
                case INITIAL, UNQUOTED -> {
                    if ((c == ' ' || c == separatorStart) && (next = delimiterEnd(in, cur, quotedValue)) >= 0) return next;
                    if (state == INITIAL && (c == '"' || c == '\'')) {
                        quote = c;
                        state = QUOTED;
                    } else {
                        out.append(c);
                        state = UNQUOTED;
                    }
                }
                case QUOTED -> {
                    if (c == quote) state = AFTER_QUOTE;
                    else if (c == '\\') state = BACKSLASH;
                    else out.append(c);
                }
                case BACKSLASH -> {
                    switch (c) {
                        case 'b' -> out.append('\b');
                        case 'f' -> out.append('\f');
                        case 'n' -> out.append('\n');
                        case 'r' -> out.append('\r');
                        case 't' -> out.append('\t');
                        case '\\' -> out.append('\\');
                        default -> {
                            if (c != quote) out.append('\\');
                            out.append(c);
                        }
                    }
                    state = QUOTED;
                }
                case AFTER_QUOTE -> {
                    if ((c == ' ' || c == separatorStart) && (next = delimiterEnd(in, cur, quotedValue)) >= 0) return next;
                    state = BAD_QUOTE;
                }
                default -> { // BAD_QUOTE
                    if ((c == ' ' || c == separatorStart) && (next = delimiterEnd(in, cur, quotedValue)) >= 0) return -next - 1;
                }
            }
        }
        return state == QUOTED || state == BACKSLASH || state == BAD_QUOTE ? -cur - 1 : cur;
    }

    /** Where the text after a value delimiter at {@code cur} starts, or -1 when there is none there. */
    private int delimiterEnd(String in, int cur, boolean quotedValue) {
        char c = in.charAt(cur);
        if (c == ' ') {
            if (quotedValue) return cur + 1;
            if (pairSeparator.charAt(0) == ' ' && in.startsWith(pairSeparator, cur)) return cur + pairSeparator.length();
            int after = cur;
            while (after < in.length() && in.charAt(after) == ' ') after++;
            if (after == in.length() || keyFollows(in, after)) return after;
            return in.startsWith(pairSeparator, after) ? after + pairSeparator.length() : -1;
        }
        return in.startsWith(pairSeparator, cur) ? cur + pairSeparator.length() : -1;
    }

    private boolean keyFollows(String in, int at) {
        int i = at;
        while (i < in.length() && isKeyChar(in.charAt(i))) i++;
        if (i == at) return false;
        while (i < in.length() && in.charAt(i) == ' ') i++;
        return i < in.length() && in.charAt(i) == valueSeparator;
    }
}
