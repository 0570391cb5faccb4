package dev.sluice.driver.file;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * Groups a file's lines into messages, syslog-ng's {@code multi-line-mode}: {@code indented} (a line
 * starting with a space or a tab continues the message before it), {@code regexp}/{@code prefix-garbage}
 * ({@code multi-line-prefix} starts a message, later lines continue it, a {@code multi-line-garbage}
 * line ends it and is dropped), {@code prefix-suffix} (a message runs from a prefix line to a
 * {@code multi-line-suffix} line). A message waiting for its next line is sent once no line came for
 * {@code multi-line-timeout}. Lines of a message are joined with {@code \n}.
 */
final class MultiLine {
    enum Mode { NONE, INDENTED, REGEXP, PREFIX_GARBAGE, PREFIX_SUFFIX }

    /** A complete message and where its last line ends in the file. */
    interface Emit {
        void message(byte[] text, long end);
    }

    private final Mode mode;
    private final Pattern prefix, garbage, suffix;
    private final Duration timeout;
    private ByteArrayOutputStream pending;
    private long pendingEnd;
    private long pendingSince;

    MultiLine(Mode mode, Pattern prefix, Pattern garbage, Pattern suffix, Duration timeout) {
        this.mode = mode;
        this.prefix = prefix;
        this.garbage = garbage;
        this.suffix = suffix;
        this.timeout = timeout;
    }

    static MultiLine none() { return new MultiLine(Mode.NONE, null, null, null, Duration.ZERO); }

    void add(byte[] line, long end, Emit emit) {
        switch (mode) {
            case NONE -> emit.message(line, end);
            case INDENTED -> {
                boolean continues = line.length > 0 && (line[0] == ' ' || line[0] == '\t');
                if (continues && pending != null) append(line, end);
                else {
                    flush(emit);
                    start(line, end);
                }
            }
            case REGEXP, PREFIX_GARBAGE -> {
                String text = text(line);
                if (prefix.matcher(text).find()) {
                    flush(emit);
                    start(line, end);
                } else if (garbage != null && garbage.matcher(text).find()) {
                    if (pending != null) pendingEnd = end; // the garbage line is dropped, but read: the position may pass it
                    flush(emit);
                } else if (pending != null) append(line, end);
                else emit.message(line, end); // before any prefix: a message of its own
            }
            case PREFIX_SUFFIX -> {
                String text = text(line);
                if (pending == null) {
                    if (prefix.matcher(text).find()) {
                        start(line, end);
                        if (suffix.matcher(text).find()) flush(emit);
                    } else emit.message(line, end);
                } else {
                    append(line, end);
                    if (suffix.matcher(text).find()) flush(emit);
                }
            }
        }
    }

    /** Sends the waiting message if it has waited for {@code multi-line-timeout}. */
    void expire(Emit emit) {
        if (pending != null && System.nanoTime() - pendingSince >= timeout.toNanos()) flush(emit);
    }

    private void start(byte[] line, long end) {
        pending = new ByteArrayOutputStream(Math.max(256, line.length * 2));
        pending.writeBytes(line);
        pendingEnd = end;
        pendingSince = System.nanoTime();
    }

    private void append(byte[] line, long end) {
        pending.write('\n');
        pending.writeBytes(line);
        pendingEnd = end;
        pendingSince = System.nanoTime(); // the timeout counts from the last line
    }

    /** Whether a message waits for its next line (or its timeout). */
    boolean waiting() { return pending != null; }

    private void flush(Emit emit) {
        if (pending == null) return;
        byte[] text = pending.toByteArray();
        pending = null;
        emit.message(text, pendingEnd);
    }

    private static String text(byte[] line) { return new String(line, StandardCharsets.UTF_8); }
}
