package dev.sluice.message;

import java.nio.charset.StandardCharsets;

/**
 * Received bytes as Java text, losslessly. Well-formed UTF-8 decodes as usual; every byte that is
 * not part of a well-formed sequence becomes the lone surrogate {@code U+DC00 + byte} (Python's
 * "surrogateescape"), which no valid input can produce, so {@link #encode} gives back exactly the
 * bytes received and Python sees them with {@code encode("utf-8", "surrogateescape")}.
 * syslog-ng's {@code sanitize-utf8} instead replaces each such byte by the text {@code \xNN}.
 */
public final class Utf8 {
    private Utf8() {}

    /** First of the 128 lone surrogates that stand for the raw bytes 0x80..0xFF. */
    private static final char RAW_BASE = 0xDC00;

    /** Result holder so callers learn whether anything was invalid without a second pass. */
    public static final class Decoded {
        public String text;
        public boolean sanitized;
    }

    /** Lossless decoding (invalid bytes kept as escape surrogates); {@code out.sanitized} tells whether there were any. */
    public static String decode(byte[] b, int off, int len, Decoded out) {
        return decode(b, off, len, out, false);
    }

    /** With {@code sanitize}, invalid bytes become the text {@code \xNN} instead (syslog-ng's sanitize-utf8). */
    public static String decode(byte[] b, int off, int len, Decoded out, boolean sanitize) {
        out.sanitized = false;
        int end = off + len;
        int i = off;
        while (i < end && b[i] >= 0) i++;
        if (i == end) return new String(b, off, len, StandardCharsets.ISO_8859_1); // pure ASCII fast path
        StringBuilder sb = null;
        int validFrom = off;
        while (i < end) {
            int c = b[i] & 0xff;
            if (c < 0x80) { i++; continue; }
            int n = sequenceLength(b, i, end);
            if (n > 0) { i += n; continue; }
            if (sb == null) sb = new StringBuilder(len + 16);
            sb.append(new String(b, validFrom, i - validFrom, StandardCharsets.UTF_8));
            if (sanitize) sb.append("\\x").append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 15, 16));
            else sb.append((char) (RAW_BASE + c));
            i++;
            validFrom = i;
        }
        if (sb == null) return new String(b, off, len, StandardCharsets.UTF_8);
        sb.append(new String(b, validFrom, end - validFrom, StandardCharsets.UTF_8));
        out.sanitized = true;
        return sb.toString();
    }

    /** Lossless decoding of a whole array. */
    public static String decode(byte[] b) {
        return decode(b, 0, b.length, new Decoded());
    }

    /** The bytes a text stands for: UTF-8, with escape surrogates turned back into their raw bytes. */
    public static byte[] encode(String s) {
        byte[] fast = s.getBytes(StandardCharsets.UTF_8); // intrinsic; turns a lone surrogate into '?'
        for (byte x : fast) if (x == '?') return encode((CharSequence) s);
        return fast;
    }

    /** The bytes a text stands for: UTF-8, with escape surrogates turned back into their raw bytes. */
    public static byte[] encode(CharSequence s) {
        byte[] out = new byte[s.length() * 3];
        int n = encode(s, out, 0);
        return java.util.Arrays.copyOf(out, n);
    }

    /** Encodes into {@code b} at {@code p} (room for 3 bytes per char is needed); returns the new end. */
    public static int encode(CharSequence s, byte[] b, int p) {
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                b[p++] = (byte) c;
            } else if (c < 0x800) {
                b[p++] = (byte) (0xc0 | (c >> 6));
                b[p++] = (byte) (0x80 | (c & 0x3f));
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, s.charAt(++i));
                b[p++] = (byte) (0xf0 | (cp >> 18));
                b[p++] = (byte) (0x80 | ((cp >> 12) & 0x3f));
                b[p++] = (byte) (0x80 | ((cp >> 6) & 0x3f));
                b[p++] = (byte) (0x80 | (cp & 0x3f));
            } else if (c >= RAW_BASE + 0x80 && c <= RAW_BASE + 0xff) {
                b[p++] = (byte) (c - RAW_BASE); // a received byte that was not UTF-8: given back as it came
            } else if (Character.isSurrogate(c)) {
                b[p++] = '?';
            } else {
                b[p++] = (byte) (0xe0 | (c >> 12));
                b[p++] = (byte) (0x80 | ((c >> 6) & 0x3f));
                b[p++] = (byte) (0x80 | (c & 0x3f));
            }
        }
        return p;
    }

    /** Whether the bytes are well-formed UTF-8 throughout. */
    public static boolean valid(byte[] b, int off, int len) {
        int end = off + len;
        for (int i = off; i < end; ) {
            if (b[i] >= 0) {
                i++;
                continue;
            }
            int n = sequenceLength(b, i, end);
            if (n == 0) return false;
            i += n;
        }
        return true;
    }

    /** Length of the well-formed multi-byte sequence at i, or 0 if it is not well-formed. */
    private static int sequenceLength(byte[] b, int i, int end) {
        int c = b[i] & 0xff;
        int n;
        int min;
        if (c >= 0xc2 && c <= 0xdf) { n = 2; min = 0x80; }
        else if (c >= 0xe0 && c <= 0xef) { n = 3; min = 0x800; }
        else if (c >= 0xf0 && c <= 0xf4) { n = 4; min = 0x10000; }
        else return 0;
        if (i + n > end) return 0;
        int cp = c & (0xff >> (n + 1));
        for (int k = 1; k < n; k++) {
            int cc = b[i + k] & 0xff;
            if ((cc & 0xc0) != 0x80) return 0;
            cp = (cp << 6) | (cc & 0x3f);
        }
        if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return 0;
        return n;
    }

    /** Largest length ≤ max that does not cut a multi-byte character in half. */
    public static int boundary(byte[] b, int off, int max) {
        int n = max;
        while (n > 0 && (b[off + n] & 0xc0) == 0x80) n--;
        return n;
    }
}
