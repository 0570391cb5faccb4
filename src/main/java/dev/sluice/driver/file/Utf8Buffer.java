package dev.sluice.driver.file;

import dev.sluice.message.Utf8;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;

/** A growable byte buffer that UTF-8 encodes rendered text without an intermediate String. */
public final class Utf8Buffer {
    private byte[] buf;
    private int len;

    public Utf8Buffer(int capacity) { buf = new byte[capacity]; }

    public int size() { return len; }

    /** Appends the bytes {@code s} stands for (see {@link Utf8#encode}: received invalid bytes come out unchanged). */
    public void append(CharSequence s) {
        ensure(len + s.length() * 3);
        len = Utf8.encode(s, buf, len);
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

    /** What it holds, as a buffer over its bytes (valid until the next change). */
    public ByteBuffer bytes() { return ByteBuffer.wrap(buf, 0, len); }

    public byte[] toByteArray() { return java.util.Arrays.copyOf(buf, len); }

    public void clear() { len = 0; }

    private void ensure(int needed) {
        if (needed > buf.length) buf = java.util.Arrays.copyOf(buf, Math.max(needed, buf.length * 2));
    }
}
