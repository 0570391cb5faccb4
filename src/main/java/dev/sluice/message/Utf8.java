package dev.sluice.message;

import java.nio.charset.StandardCharsets;

/** Decodes UTF-8 the way syslog-ng's sanitize-utf8 does: invalid bytes become {@code \xNN} escapes. */
public final class Utf8 {
    private Utf8() {}

    /** Result holder so callers learn whether anything was escaped without a second pass. */
    public static final class Decoded {
        public String text;
        public boolean sanitized;
    }

    public static String decode(byte[] b, int off, int len, Decoded out) {
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
            sb.append("\\x").append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 15, 16));
            i++;
            validFrom = i;
        }
        if (sb == null) return new String(b, off, len, StandardCharsets.UTF_8);
        sb.append(new String(b, validFrom, end - validFrom, StandardCharsets.UTF_8));
        out.sanitized = true;
        return sb.toString();
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
