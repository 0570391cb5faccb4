package dev.sluice.driver.csv;

import java.util.List;

/**
 * Splits one line into columns the way syslog-ng's csv-parser does: a value may open with a quote
 * (one of {@code quote-pairs}) and then runs to its closing quote, after which text up to the next
 * delimiter is kept as written; {@code escape-backslash}, {@code escape-backslash-with-sequences} or
 * {@code escape-double-char} decide what escapes inside quotes. {@code strip-whitespace} trims each
 * value, {@code null} empties a value equal to it, and with {@code greedy} the last column takes the
 * rest of the line as written.
 */
final class CsvScanner {
    enum Dialect { ESCAPE_NONE, ESCAPE_BACKSLASH, ESCAPE_BACKSLASH_WITH_SEQUENCES, ESCAPE_DOUBLE_CHAR }

    /** What to do with each column's value. */
    interface Columns {
        void column(int index, String value);
    }

    private final int columns;
    private final String delimiters;
    private final List<String> stringDelimiters;
    private final String quotesStart, quotesEnd;
    private final String nullValue;
    private final Dialect dialect;
    private final boolean strip, greedy;

    CsvScanner(int columns, String delimiters, List<String> stringDelimiters, String quotesStart, String quotesEnd,
               String nullValue, Dialect dialect, boolean strip, boolean greedy) {
        this.columns = columns;
        this.delimiters = delimiters;
        this.stringDelimiters = stringDelimiters;
        this.quotesStart = quotesStart;
        this.quotesEnd = quotesEnd;
        this.nullValue = nullValue == null || nullValue.isEmpty() ? null : nullValue;
        this.dialect = dialect;
        this.strip = strip;
        this.greedy = greedy;
    }

    /** Scans {@code in}; true when every column got a value and nothing was left over. */
    boolean scan(String in, Columns out) {
        StringBuilder value = new StringBuilder();
        int pos = 0;
        for (int col = 0; col < columns; col++) {
            value.setLength(0);
            if (col == columns - 1 && greedy) {
                if (strip) pos = skipWhitespace(in, pos);
                value.append(in, pos, in.length());
                pos = in.length();
                out.column(col, translate(value));
                return true;
            }
            if (pos >= in.length()) return false; // fewer values than columns
            char quote = 0;
            int q = quotesStart.indexOf(in.charAt(pos));
            if (q >= 0) {
                quote = quotesEnd.charAt(q);
                pos++;
            }
            if (strip) pos = skipWhitespace(in, pos);
            while (pos < in.length()) {
                char c = in.charAt(pos);
                if (quote != 0) {
                    if ((dialect == Dialect.ESCAPE_BACKSLASH || dialect == Dialect.ESCAPE_BACKSLASH_WITH_SEQUENCES)
                            && c == '\\' && pos + 1 < in.length()) {
                        pos++;
                        c = in.charAt(pos);
                        if (dialect == Dialect.ESCAPE_BACKSLASH_WITH_SEQUENCES && c != quote) {
                            int[] decoded = sequence(in, pos);
                            c = (char) decoded[0];
                            pos = decoded[1];
                        }
                    } else if (dialect == Dialect.ESCAPE_DOUBLE_CHAR && c == quote && pos + 1 < in.length() && in.charAt(pos + 1) == quote) {
                        pos++;
                    } else if (c == quote) {
                        quote = 0;
                        pos++;
                        continue;
                    }
                    value.append(c);
                    pos++;
                } else {
                    int d = delimiterEnd(in, pos);
                    if (d >= 0) {
                        pos = d;
                        break;
                    }
                    value.append(c);
                    pos++;
                }
            }
            out.column(col, translate(value));
        }
        return pos >= in.length();
    }

    /** A backslash sequence at {@code at} (the character after the backslash): its character and where scanning goes on. */
    private static int[] sequence(String in, int at) {
        char c = in.charAt(at);
        return switch (c) {
            case 'a' -> new int[] {7, at};
            case 'n' -> new int[] {'\n', at};
            case 'r' -> new int[] {'\r', at};
            case 't' -> new int[] {'\t', at};
            case 'v' -> new int[] {11, at};
            case 'x' -> {
                if (at + 2 < in.length()) {
                    int hi = Character.digit(in.charAt(at + 1), 16), lo = Character.digit(in.charAt(at + 2), 16);
                    if (hi >= 0 && lo >= 0) yield new int[] {(hi << 4) + lo, at + 2};
                }
                yield new int[] {'x', at};
            }
            default -> new int[] {c, at};
        };
    }

    private int delimiterEnd(String in, int pos) {
        for (String s : stringDelimiters) if (in.startsWith(s, pos)) return pos + s.length();
        return delimiters.indexOf(in.charAt(pos)) >= 0 ? pos + 1 : -1;
    }

    private static int skipWhitespace(String in, int pos) {
        while (pos < in.length() && (in.charAt(pos) == ' ' || in.charAt(pos) == '\t')) pos++;
        return pos;
    }

    private String translate(StringBuilder value) {
        if (strip) {
            int len = value.length();
            while (len > 0 && (value.charAt(len - 1) == ' ' || value.charAt(len - 1) == '\t')) len--;
            value.setLength(len);
        }
        String v = value.toString();
        return nullValue != null && nullValue.equals(v) ? "" : v;
    }
}
