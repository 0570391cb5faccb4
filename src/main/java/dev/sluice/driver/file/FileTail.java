package dev.sluice.driver.file;

import dev.sluice.state.StateStore;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;

/**
 * One followed file: reads the lines appended since the last look, and keeps the position that is
 * safe to resume from. Each line's end is a bookmark; the saved position ({@code fileKey|offset} in
 * the state store) advances only over lines every destination has acknowledged, in order, so a
 * restart or a {@code kill -9} resumes after the last delivered line (at least once, never skipping).
 */
final class FileTail implements AutoCloseable {
    /** A line in flight: where it ends in its file, and whether it was acknowledged. */
    static final class Line {
        final FileTail tail;
        final long end;
        boolean done;

        Line(FileTail tail, long end) {
            this.tail = tail;
            this.end = end;
        }
    }

    final Path path;
    final Object fileKey;
    /** How its lines become messages. */
    MultiLine multiLine = MultiLine.none();
    private final FileChannel channel;
    private final StateStore state;
    /** Where the position is saved: the name's key, or once renamed away a key of this file's own ({@link #rotatedKey}). */
    private String stateKey;
    /** The end of the acknowledged prefix: the position that is safe to resume from. */
    private long acked;
    /** Read to its end and closed: its own key goes once nothing is in flight. */
    private boolean drained;
    private final ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
    private final int maxLine;
    private byte[] partial = new byte[0];
    private long readPos;
    private final ArrayDeque<Line> inFlight = new ArrayDeque<>();
    /** Set once the path names another file (renamed away): this one is read to its end, saving under its own key. */
    private boolean retired;
    /** When a line was last read: a renamed-away file is kept until it has been quiet for a while (its writer may not have reopened yet). */
    private long lastLineNanos = System.nanoTime();

    private FileTail(Path path, Object fileKey, FileChannel channel, long start, StateStore state, String stateKey, int maxLine) {
        this.path = path;
        this.fileKey = fileKey;
        this.channel = channel;
        this.readPos = start;
        this.acked = start;
        this.state = state;
        this.stateKey = stateKey;
        this.maxLine = maxLine;
    }

    /** Opens {@code path} at its saved position (same file), else at its start, or its end when {@code fromEnd} and new. */
    static FileTail open(Path path, StateStore state, String stateKey, boolean fromEnd, boolean known, int maxLine) throws IOException {
        Object key = fileKey(path);
        FileChannel ch = FileChannel.open(path, StandardOpenOption.READ);
        long size = ch.size();
        long start = fromEnd && !known ? size : 0;
        Saved saved = state == null ? null : Saved.of(state.get(stateKey));
        if (saved != null) {
            if (saved.fileKey().equals(String.valueOf(key))) {
                start = saved.offset() <= size ? saved.offset() : 0; // shorter than where we were: truncated while we were away
            } else {
                start = 0; // another file under the same name: rotated while we were away (the old one is looked for by FileSource)
            }
        }
        return new FileTail(path, key, ch, start, state, stateKey, maxLine);
    }

    /**
     * Opens {@code file}, a renamed-away file found again at a restart, at {@code offset} to be read
     * to its end; its lines keep the name they were written under, and its position its own key.
     */
    static FileTail resume(Path name, Path file, Object key, long offset, StateStore state, String nameKey, int maxLine) throws IOException {
        FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
        FileTail t = new FileTail(name, key, ch, Math.min(offset, ch.size()), state, nameKey, maxLine);
        t.retire();
        return t;
    }

    /** The key a renamed-away file saves its position under while it is read to its end. */
    static String rotatedKey(String nameKey, Object fileKey) { return nameKey + "@" + fileKey; }

    /** A saved {@code fileKey|offset}, or null. */
    record Saved(String fileKey, long offset) {
        static Saved of(byte[] value) {
            if (value == null) return null;
            String s = new String(value, StandardCharsets.UTF_8);
            int bar = s.lastIndexOf('|');
            return bar > 0 ? new Saved(s.substring(0, bar), Long.parseLong(s.substring(bar + 1))) : null;
        }
    }

    static Object fileKey(Path path) throws IOException {
        BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class);
        return a.fileKey() != null ? a.fileKey() : a.creationTime();
    }

    /**
     * Reads what was appended, up to {@code maxLines} lines, each handed to {@code line} with its
     * bookmark; returns the number of lines. A copy-truncate (the file shorter than the position)
     * starts it again from its beginning.
     */
    /** A line read, and where it ends in the file. */
    interface RawLine {
        void line(byte[] text, long end);
    }

    /** A message from this file, ending at {@code end}, is in flight: its bookmark. */
    Line track(long end) {
        Line l = new Line(this, end);
        synchronized (this) {
            inFlight.add(l);
        }
        return l;
    }

    int read(int maxLines, RawLine line) throws IOException {
        if (channel.size() < readPos) { // copytruncate: the same file, emptied
            readPos = 0;
            partial = new byte[0];
        }
        int lines = 0;
        while (lines < maxLines) {
            buffer.clear();
            int n = channel.read(buffer, readPos + partial.length);
            if (n <= 0) break;
            byte[] chunk = buffer.array();
            int from = 0;
            for (int i = 0; i < n && lines < maxLines; i++) {
                if (chunk[i] != '\n') continue;
                byte[] text = join(partial, chunk, from, i);
                partial = new byte[0];
                long end = readPos + text.length + 1;
                readPos = end;
                from = i + 1;
                lines++;
                line.line(trimCr(text), end);
            }
            if (lines >= maxLines) break; // what follows is read again at the next call, from readPos
            partial = join(partial, chunk, from, n);
            if (partial.length > maxLine) { // an over-long line: taken as it is, as a line of its own
                byte[] text = partial;
                partial = new byte[0];
                long end = readPos + text.length;
                readPos = end;
                line.line(text, end);
                lines++;
            }
        }
        if (lines > 0) lastLineNanos = System.nanoTime();
        return lines;
    }

    /** Whether no line came for {@code quiet}. */
    boolean quietFor(java.time.Duration quiet) { return System.nanoTime() - lastLineNanos >= quiet.toNanos(); }

    private static byte[] join(byte[] head, byte[] chunk, int from, int to) {
        byte[] out = new byte[head.length + (to - from)];
        System.arraycopy(head, 0, out, 0, head.length);
        System.arraycopy(chunk, from, out, head.length, to - from);
        return out;
    }

    private static byte[] trimCr(byte[] text) {
        return text.length > 0 && text[text.length - 1] == '\r' ? java.util.Arrays.copyOf(text, text.length - 1) : text;
    }

    /** Every destination is done with {@code line}: the saved position moves over the acknowledged prefix. */
    void acknowledged(Line line) {
        synchronized (this) {
            line.done = true;
            long advanced = -1;
            while (!inFlight.isEmpty() && inFlight.peekFirst().done) advanced = inFlight.pollFirst().end;
            if (advanced < 0) return;
            acked = advanced;
            save();
        }
    }

    /** Under the lock: the acknowledged position to the state store; a drained rotated file's key goes when nothing is in flight. */
    private void save() {
        if (state == null) return;
        if (drained && inFlight.isEmpty()) state.remove(stateKey);
        else state.put(stateKey, (fileKey + "|" + acked).getBytes(StandardCharsets.UTF_8));
    }

    /** Whether everything up to the file's current end was read. */
    boolean atEnd() throws IOException { return readPos + partial.length >= channel.size(); }

    /** Whether {@code path} now names another file than the one open (it was renamed away), or none. */
    boolean replaced() throws IOException {
        try {
            return !String.valueOf(fileKey(path)).equals(String.valueOf(fileKey));
        } catch (NoSuchFileException gone) {
            return true;
        }
    }

    /**
     * The name now belongs to another file: this one saves its position under its own key from now
     * on, so a restart before it was read to its end finds it again ({@link #resume}).
     */
    synchronized void retire() {
        if (retired) return;
        retired = true;
        stateKey = rotatedKey(stateKey, fileKey);
        save();
    }

    /** Read to its end and quiet: closed, and its key is removed once its last lines are acknowledged. */
    void closeDrained() {
        synchronized (this) {
            drained = true;
            save();
        }
        close();
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing a read channel
        }
    }
}
