package dev.sluice.state;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.function.BiConsumer;
import java.util.zip.CRC32C;

/**
 * One generation's change log: a pre-sized, memory-mapped file of checksummed records. A record
 * is in the page cache as soon as {@link #append} returns, so it survives {@code kill -9} without a
 * system call per write; {@link #sync} makes it survive power loss. Files are never reused: a zero
 * length or a checksum mismatch marks the end (a torn tail is simply not replayed).
 *
 * <p>Record: {@code int length, int crc32c(payload), payload}; payload: {@code byte op, int keyLength,
 * key (UTF-8), value}. A {@link #CELL} record ends with padding and an 8-byte aligned long that is
 * overwritten in place afterwards ({@link #storeLong}); its checksum leaves those last 8 bytes out.
 * A single aligned store cannot be torn by a process crash, nor by power loss within a sector.
 * Not thread-safe: {@link StateStore} serialises writes.
 */
final class Journal implements AutoCloseable {
    static final byte PUT = 1;
    static final byte REMOVE = 2;
    static final byte CELL = 3;
    private static final int HEADER = 8;
    private static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG.withOrder(ByteOrder.BIG_ENDIAN);

    private final Path file;
    private final Arena arena;
    private final MemorySegment map;
    private long position;
    private final CRC32C crc = new CRC32C();
    private byte[] scratch = new byte[256];

    private Journal(Path file, Arena arena, MemorySegment map) {
        this.file = file;
        this.arena = arena;
        this.map = map;
    }

    /** Creates a new, zero-filled journal of the given capacity. */
    static Journal create(Path file, long capacity) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.allocate(1), capacity - 1); // sizes the file; the rest stays sparse zeros
            Arena arena = Arena.ofShared();
            return new Journal(file, arena, ch.map(FileChannel.MapMode.READ_WRITE, 0, capacity, arena));
        }
    }

    Path file() { return file; }

    long size() { return position; }

    /** False when the record does not fit: the caller starts the next generation. */
    boolean append(byte op, byte[] k, byte[] value) {
        int payload = 1 + 4 + k.length + (value == null ? 0 : value.length);
        if (position + HEADER + payload > map.byteSize()) return false;
        byte[] p = payload(op, k, payload);
        if (value != null) System.arraycopy(value, 0, p, 5 + k.length, value.length);
        commit(p, payload, payload);
        return true;
    }

    /**
     * Appends a cell for the key holding {@code value}; returns the offset of its 8 value bytes
     * for {@link #storeLong}, or -1 when the record does not fit.
     */
    long appendCell(byte[] k, long value) {
        long valueAt = (position + HEADER + 5 + k.length + 7) & ~7L;
        int payload = (int) (valueAt + 8 - position - HEADER);
        if (position + HEADER + payload > map.byteSize()) return -1;
        byte[] p = payload(CELL, k, payload);
        Arrays.fill(p, 5 + k.length, payload, (byte) 0);
        map.set(LONG, valueAt, value);
        commit(p, payload - 8, payload);
        return valueAt;
    }

    /** Overwrites a cell's value: one aligned 8-byte store into the mapped file. */
    void storeLong(long valueAt, long value) { map.set(LONG, valueAt, value); }

    /** The scratch payload with op, key length and key filled in. */
    private byte[] payload(byte op, byte[] k, int payload) {
        if (scratch.length < payload) scratch = new byte[Math.max(payload, scratch.length * 2)];
        byte[] p = scratch;
        p[0] = op;
        p[1] = (byte) (k.length >>> 24);
        p[2] = (byte) (k.length >>> 16);
        p[3] = (byte) (k.length >>> 8);
        p[4] = (byte) k.length;
        System.arraycopy(k, 0, p, 5, k.length);
        return p;
    }

    /**
     * Copies the first {@code copied} payload bytes after the header, checksums them, then
     * publishes a record of {@code payload} bytes (a cell's value is already in place beyond them).
     */
    private void commit(byte[] p, int copied, int payload) {
        crc.reset();
        crc.update(p, 0, copied);
        MemorySegment.copy(p, 0, map, ValueLayout.JAVA_BYTE, position + HEADER, copied);
        map.set(INT, position + 4, (int) crc.getValue());
        map.set(INT, position, payload); // last: a zero length means "nothing here yet"
        position += HEADER + payload;
    }

    /** Flushes the written pages to the device. */
    void sync() {
        if (position > 0) map.asSlice(0, position).force();
    }

    @Override
    public void close() {
        arena.close();
    }

    /**
     * Replays a journal file's valid records in order into {@code put} (value null means remove; a
     * cell gives its last stored value as {@link StateStore#longValue}). Returns the number of records replayed; stops at the first empty or damaged record.
     */
    static int replay(Path file, BiConsumer<String, byte[]> apply) throws IOException {
        byte[] all = Files.readAllBytes(file);
        ByteBuffer buf = ByteBuffer.wrap(all);
        CRC32C crc = new CRC32C();
        int count = 0;
        while (buf.remaining() >= HEADER) {
            int start = buf.position();
            int length = buf.getInt();
            int sum = buf.getInt();
            if (length < 5 || length > buf.remaining()) break;
            byte op = all[start + HEADER];
            int summed = op == CELL ? length - 8 : length;
            if (summed < 5) break;
            crc.reset();
            crc.update(all, start + HEADER, summed);
            if ((int) crc.getValue() != sum) break;
            buf.get();
            int keyLength = buf.getInt();
            if (keyLength < 0 || keyLength > summed - 5) break;
            String key = new String(all, buf.position(), keyLength, StandardCharsets.UTF_8);
            int valueAt = buf.position() + keyLength;
            buf.position(start + HEADER + length);
            switch (op) {
                case PUT -> apply.accept(key, Arrays.copyOfRange(all, valueAt, start + HEADER + length));
                case REMOVE -> apply.accept(key, null);
                case CELL -> apply.accept(key, StateStore.longValue(buf.getLong(start + HEADER + length - 8)));
                default -> { return count; }
            }
            count++;
        }
        return count;
    }
}
