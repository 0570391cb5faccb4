package dev.sluice.state;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An exclusive lock on a state directory, so that two Sluice processes never write the same
 * state. The lock file names its holder; the operating system releases the lock when the holder
 * dies, even by {@code kill -9}.
 */
final class StateLock implements AutoCloseable {
    private final FileChannel channel;
    private final FileLock lock;

    private StateLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    static StateLock acquire(Path dir) throws IOException {
        Path file = dir.resolve("lock");
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = ch.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            String holder = Files.readString(file, StandardCharsets.UTF_8).trim();
            ch.close();
            throw new StateLockedException("State directory " + dir.toAbsolutePath()
                    + " is in use by another Sluice (" + (holder.isEmpty() ? "unknown holder" : holder)
                    + "); give each instance its own sluice.state-dir");
        }
        ch.truncate(0);
        ch.write(ByteBuffer.wrap(holder().getBytes(StandardCharsets.UTF_8)), 0);
        return new StateLock(ch, lock);
    }

    private static String holder() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            host = "unknown host";
        }
        return "pid " + ProcessHandle.current().pid() + " on " + host + ", since "
                + java.time.Instant.ofEpochMilli(ManagementFactory.getRuntimeMXBean().getStartTime());
    }

    @Override
    public void close() throws IOException {
        lock.release();
        channel.close();
    }

    /** Another process (or another store in this one) holds the directory. */
    public static final class StateLockedException extends IOException {
        StateLockedException(String message) { super(message); }
    }
}
