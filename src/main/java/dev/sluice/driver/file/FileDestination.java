package dev.sluice.driver.file;

import dev.sluice.driver.Destination;
import dev.sluice.driver.MessageRejected;
import dev.sluice.message.LogMessage;
import dev.sluice.template.Template;
import dev.sluice.template.TemplateOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Appends rendered messages to files. The path is a template ({@code /var/log/$HOST.log}); missing
 * directories are created; a file removed or rotated away is reopened within a second. Lines are
 * buffered and written on flush, so a message is acknowledged once it reached the file.
 *
 * <p>A process killed while writing can leave a partial last line (the kernel stops a write at a
 * page when the process gets SIGKILL); that message was not acknowledged and is sent again. When
 * lines end in a newline, a file found ending in a partial line gets one first, so the fragment stays
 * a line of its own and the next message starts clean.
 *
 * <p>A path that cannot be opened fails only the messages for it (dropped, counted
 * {@code open-failed}); a templated path whose values would climb out of its directory
 * ({@code $HOST} = {@code ../../etc}) is refused (counted {@code unsafe-path}). A failed write fails
 * the flush: the worker rewinds the unflushed messages, so {@link #close()} drops what is buffered.
 */
public final class FileDestination implements Destination {
    private static final Logger log = LoggerFactory.getLogger(FileDestination.class);
    private static final long REOPEN_CHECK_NANOS = 1_000_000_000L;
    private static final byte[] NEWLINE = {'\n'};

    record Settings(Template path, Template template, TemplateOptions templateOptions, boolean createDirs,
                    int maxOpenFiles, boolean fsync) {}

    private final Settings settings;
    private final StringBuilder line = new StringBuilder(512);
    private final Map<String, OpenFile> files = new LinkedHashMap<>(16, 0.75f, true);
    /** ".." components the path template itself has: rendered values may not add any. */
    private final int templateDotDots;

    FileDestination(Settings settings) {
        this.settings = settings;
        this.templateDotDots = dotDots(settings.path().source());
    }

    /** One open file and the bytes waiting to be written to it. */
    private static final class OpenFile {
        final Path path;
        FileChannel channel;
        final Utf8Buffer pending = new Utf8Buffer(64 * 1024);
        long lastCheck = System.nanoTime();

        OpenFile(Path path) { this.path = path; }
    }

    @Override
    public Result send(LogMessage message) throws IOException, MessageRejected {
        String pathText = settings.path().render(message, settings.templateOptions());
        OpenFile f = files.get(pathText);
        if (f == null) f = open(pathText);
        line.setLength(0);
        settings.template().render(message, settings.templateOptions(), line);
        f.pending.append(line);
        if (f.pending.size() >= 256 * 1024) write(f);
        return Result.QUEUED;
    }

    @Override
    public Result flush() throws IOException {
        for (OpenFile f : files.values()) {
            if (f.pending.size() > 0) write(f);
            if (settings.fsync()) f.channel.force(false);
        }
        return Result.SUCCESS;
    }

    private OpenFile open(String pathText) throws IOException, MessageRejected {
        if (pathText.indexOf('\0') >= 0 || dotDots(pathText) > templateDotDots) {
            throw new MessageRejected("unsafe-path", "refusing path '" + pathText.replace('\0', '?')
                    + "': its values climb out of the directory of '" + settings.path().source() + "'", false);
        }
        OpenFile f = new OpenFile(Path.of(pathText));
        FileChannel channel;
        try {
            channel = openChannel(f.path);
        } catch (IOException | SecurityException e) {
            throw new MessageRejected("open-failed", "cannot open '" + pathText + "' for writing: " + e, true);
        }
        try {
            endPartialLine(f.path, channel); // a write: failing here is a write failure (a full disk), not this path's
        } catch (IOException e) {
            channel.close();
            throw e;
        }
        f.channel = channel;
        files.put(pathText, f);
        if (files.size() > settings.maxOpenFiles()) {
            Iterator<OpenFile> eldest = files.values().iterator();
            OpenFile old = eldest.next();
            write(old);
            old.channel.close();
            eldest.remove();
        }
        return f;
    }

    private FileChannel openChannel(Path path) throws IOException {
        Path parent = path.toAbsolutePath().getParent();
        if (settings.createDirs() && parent != null) Files.createDirectories(parent);
        return FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    }

    private void endPartialLine(Path path, FileChannel channel) throws IOException {
        if (settings.template().source().endsWith("\n") && endsInPartialLine(path, channel.size())) {
            log.warn("File {} ends in a partial line (a crash or a full disk while writing?); ending it so that new lines start clean", path);
            channel.write(ByteBuffer.wrap(NEWLINE));
        }
    }

    private static int dotDots(String path) {
        int n = 0;
        for (String part : path.split("[/\\\\]")) if (part.equals("..")) n++;
        return n;
    }

    private static boolean endsInPartialLine(Path path, long size) throws IOException {
        if (size == 0) return false;
        try (FileChannel read = FileChannel.open(path, StandardOpenOption.READ)) {
            ByteBuffer last = ByteBuffer.allocate(1);
            return read.read(last, size - 1) == 1 && last.get(0) != '\n';
        }
    }

    private void write(OpenFile f) throws IOException {
        long now = System.nanoTime();
        if (now - f.lastCheck > REOPEN_CHECK_NANOS) {
            f.lastCheck = now;
            if (!Files.exists(f.path)) { // removed or rotated: start a new file at the configured path
                f.channel.close();
                f.channel = openChannel(f.path);
                endPartialLine(f.path, f.channel);
            }
        }
        f.pending.writeTo(f.channel);
    }

    /** After a failure: the worker has rewound every message not yet flushed, so buffered bytes go. */
    @Override
    public void close() {
        for (OpenFile f : files.values()) {
            try {
                f.channel.close();
            } catch (IOException ignored) {
                // closing after a failure; nothing more to do
            }
        }
        files.clear();
    }
}
