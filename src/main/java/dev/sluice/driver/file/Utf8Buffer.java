package dev.sluice.driver.file;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;

/** A growable byte buffer that UTF-8 encodes rendered text without an intermediate String. */
public final class Utf8Buffer {
    private byte[] buf;
    private int len;

    public Utf8Buffer(int capacity) { buf = new byte[capacity]; }

    public int size() { return len; }

    public void append(CharSequence s) {
        int n = s.length();
        ensure(len + n * 3);
        byte[] b = buf;
        int p = len;
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
            } else if (Character.isSurrogate(c)) {
                b[p++] = '?';
            } else {
                b[p++] = (byte) (0xe0 | (c >> 12));
                b[p++] = (byte) (0x80 | ((c >> 6) & 0x3f));
                b[p++] = (byte) (0x80 | (c & 0x3f));
            }
        }
        len = p;
    }

    public void append(byte[] bytes) {
        ensure(len + bytes.length);
        System.arraycopy(bytes, 0, buf, len, bytes.length);
        len += bytes.length;
    }

    public void writeTo(WritableByteChannel ch) throws IOException {
        ByteBuffer bb = ByteBuffer.wrap(buf, 0, len);
        while (bb.hasRemaining()) ch.write(bb);
        len = 0;
    }

    public byte[] toByteArray() { return java.util.Arrays.copyOf(buf, len); }

    public void clear() { len = 0; }

    private void ensure(int needed) {
        if (needed > buf.length) buf = java.util.Arrays.copyOf(buf, Math.max(needed, buf.length * 2));
    }
}
