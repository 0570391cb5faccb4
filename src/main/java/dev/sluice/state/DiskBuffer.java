package dev.sluice.state;

import dev.sluice.ack.AckHandle;
import dev.sluice.ack.AckLedger;
import dev.sluice.ack.AckOutcome;
import dev.sluice.ack.AckReceiver;
import dev.sluice.message.LogMessage;
import dev.sluice.message.MessageCodec;
import dev.sluice.pipeline.DestinationQueue;
import dev.sluice.pipeline.DriverCounters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

/**
 * A destination's reliable disk buffer: an append-only log of segment files. A writer thread
 * appends what the pipeline hands over in groups, fsyncs once per group and only then
 * acknowledges the messages to their sources; the destination's worker reads them back in order,
 * and each delivery moves the buffer's read position, which is kept in the {@link StateStore}.
 * After a crash or a restart delivery resumes at the saved position: at least once, with at most
 * the few messages delivered since the last saved position sent again.
 *
 * <p>The read position only ever covers the contiguous acknowledged prefix ({@link AckLedger}): a
 * destination may acknowledge out of order (QUEUED then SUCCESS, DROP), and a message acknowledged
 * late is still read again after a crash. A failing write (a full disk) never loses what was handed
 * over: the writer keeps the group, reports the failure as the buffer's {@link #problem()}, and tries
 * again until it succeeds; meanwhile the inbox fills, so flow control holds the sources back and
 * without it new messages are dropped and counted. When everything on disk has been delivered, the
 * writer starts a new segment so that the delivered one can be removed and its space comes back.
 *
 * <p>Record: {@code int length, int crc32c(payload), payload}; a length of -1 ends a segment.
 * Positions are {@code segment << 32 | offset}.
 */
public final class DiskBuffer implements DestinationQueue {
    private static final Logger log = LoggerFactory.getLogger(DiskBuffer.class);
    private static final Pattern SEGMENT = Pattern.compile("segment-(\\d{16})\\.log");
    private static final int END_OF_SEGMENT = -1;
    private static final int SAVE_EVERY = 64;
    private static final int MAX_RECORD = 1 << 30;

    /** {@code disk-buffer:} options of a destination. */
    public record Settings(Path dir, long maxSize, long segmentSize, boolean reliable) {}

    private final String id;
    private final Settings settings;
    private final boolean flowControl;
    private final StateStore state;
    private final String stateKey;
    private final DriverCounters counters;
    private final StateLock lock;
    private final LinkedBlockingQueue<LogMessage> inbox;
    private final AtomicLong used = new AtomicLong();
    private final AtomicLong records = new AtomicLong();
    private final Object signal = new Object();
    private final Thread writer;
    private volatile boolean closing;
    private volatile long durable;
    private volatile String problem;

    // writer thread
    private FileChannel writeChannel;
    private long writeSegment;
    private long writeOffset;
    private ByteBuffer out = ByteBuffer.allocate(1 << 20);
    private ByteBuffer record = ByteBuffer.allocate(4096);
    private final List<LogMessage> unacked = new ArrayList<>();
    private final CRC32C writeCrc = new CRC32C();

    // worker thread
    private FileChannel readChannel;
    private long readSegment;
    private long readFileOffset;
    private ByteBuffer chunk = ByteBuffer.allocate(1 << 20).flip();
    private final CRC32C readCrc = new CRC32C();
    private final AckReceiver committer = new Committer();
    private AckLedger ledger;
    private long committed;
    private long saved;
    private int sinceSave;

    private DiskBuffer(String id, Settings settings, boolean flowControl, int inboxCapacity, StateStore state,
                       DriverCounters counters, StateLock lock) {
        this.id = id;
        this.settings = settings;
        this.flowControl = flowControl;
        this.state = state;
        this.stateKey = "buffer/" + id;
        this.counters = counters;
        this.lock = lock;
        this.inbox = new LinkedBlockingQueue<>(flowControl ? Integer.MAX_VALUE : inboxCapacity);
        this.writer = Thread.ofPlatform().name("disk-buffer-" + id).daemon(true).unstarted(this::writeLoop);
    }

    /** Opens the buffer, recovering what a previous run left, and starts its writer. */
    public static DiskBuffer open(String id, Settings settings, boolean flowControl, int inboxCapacity, StateStore state,
                                  DriverCounters counters) throws IOException {
        Files.createDirectories(settings.dir());
        StateLock lock = StateLock.acquire(settings.dir());
        DiskBuffer b = new DiskBuffer(id, settings, flowControl, inboxCapacity, state, counters, lock);
        try {
            b.recover();
        } catch (IOException | RuntimeException e) {
            lock.close();
            throw e;
        }
        b.writer.start();
        return b;
    }

    private void recover() throws IOException {
        TreeSet<Long> segments = segments();
        byte[] savedPosition = state.get(stateKey);
        committed = savedPosition != null ? Long.parseLong(new String(savedPosition, StandardCharsets.US_ASCII))
                : position(segments.isEmpty() ? 0 : segments.first(), 0);
        for (long s : segments.headSet(segment(committed))) Files.deleteIfExists(segmentFile(s));
        segments = segments();
        if (segments.isEmpty() && offset(committed) > 0) committed = position(segment(committed) + 1, 0);
        long pending = 0;
        long bytes = 0;
        writeSegment = segment(committed);
        writeOffset = offset(committed);
        boolean lastComplete = false;
        for (long s : segments) {
            long from = s == segment(committed) ? offset(committed) : 0;
            try (FileChannel ch = FileChannel.open(segmentFile(s), StandardOpenOption.READ)) {
                Scan scan = scan(ch, from);
                pending += scan.records();
                bytes += scan.end() - from;
                writeSegment = s;
                writeOffset = scan.end();
                lastComplete = scan.complete();
                if (!scan.complete() && scan.end() < ch.size() && s != segments.last()) {
                    log.error("Disk buffer {}: segment {} is damaged after offset {}; the messages after it in this segment are lost",
                            id, segmentFile(s), scan.end());
                }
            }
        }
        if (lastComplete || (pending == 0 && writeOffset > 0)) {
            // Nothing left to deliver in the last segment: start a new one, so that the delivered ones go now.
            writeSegment++;
            writeOffset = 0;
            if (pending == 0) {
                for (long s : segments) Files.deleteIfExists(segmentFile(s));
                committed = position(writeSegment, 0);
            }
        }
        writeChannel = FileChannel.open(segmentFile(writeSegment), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        writeChannel.truncate(writeOffset); // a torn tail from a crash goes
        durable = position(writeSegment, writeOffset);
        used.set(bytes);
        records.set(pending);
        readSegment = segment(committed);
        readFileOffset = offset(committed);
        readChannel = openForReading(readSegment);
        saved = committed;
        ledger = new AckLedger(committed);
        if (!Arrays.equals(savedPosition, positionBytes(committed))) save(committed);
        if (pending > 0) log.info("Disk buffer {}: {} messages ({} bytes) from the previous run will be delivered", id, pending, bytes);
    }

    private record Scan(long end, long records, boolean complete) {}

    /** Walks the valid records of a segment from an offset: where they end, how many, and whether an end marker follows. */
    private static Scan scan(FileChannel ch, long from) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(1 << 20);
        CRC32C crc = new CRC32C();
        long pos = from;
        long count = 0;
        buf.flip();
        long fileOffset = from;
        while (true) {
            if (buf.remaining() >= 4 && buf.getInt(buf.position()) == END_OF_SEGMENT) return new Scan(pos, count, true);
            if (buf.remaining() >= 8) {
                int len = buf.getInt(buf.position());
                if (len < 0) return new Scan(pos, count, false);
                if (buf.remaining() >= 8 + len) {
                    crc.reset();
                    crc.update(buf.array(), buf.position() + 8, len);
                    if ((int) crc.getValue() != buf.getInt(buf.position() + 4)) return new Scan(pos, count, false);
                    buf.position(buf.position() + 8 + len);
                    pos += 8 + len;
                    count++;
                    continue;
                }
                if (buf.capacity() < 8 + len) {
                    ByteBuffer bigger = ByteBuffer.allocate(8 + len);
                    bigger.put(buf).flip();
                    buf = bigger;
                }
            }
            buf.compact();
            int n = ch.read(buf, fileOffset);
            buf.flip();
            if (n <= 0) return new Scan(pos, count, false);
            fileOffset += n;
        }
    }

    // ---- the pipeline side

    @Override
    public boolean offer(LogMessage message) {
        if (closing) return false;
        return inbox.offer(message);
    }

    @Override
    public long size() { return inbox.size() + records.get(); }

    @Override
    public boolean durable() { return true; }

    /** Bytes the buffer holds on disk. */
    public long usedBytes() { return used.get(); }

    /** Why the buffer cannot write right now (a full disk, say), or null. */
    @Override
    public String problem() { return problem; }

    // ---- the writer thread

    private void writeLoop() {
        List<LogMessage> batch = new ArrayList<>(8192);
        try {
            while (true) {
                LogMessage first = inbox.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    if (closing) break;
                    continue;
                }
                batch.clear();
                batch.add(first);
                inbox.drainTo(batch, 8191);
                for (LogMessage m : batch) append(m);
                commitGroup();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Closing e) {
            log.error("Disk buffer {}: closed while it could not write ({})", id, problem);
        } catch (Throwable t) {
            problem = "disk buffer writer failed: " + t;
            counters.errors.increment();
            log.error("Disk buffer {}: writer failed; messages are dropped from now on", id, t);
        } finally {
            dropUnwritten();
        }
    }

    private void append(LogMessage m) throws IOException, InterruptedException, Closing {
        record.clear();
        record.position(8);
        record = MessageCodec.write(m, record);
        int len = record.position() - 8;
        writeCrc.reset();
        writeCrc.update(record.array(), 8, len);
        record.putInt(0, len).putInt(4, (int) writeCrc.getValue());
        record.flip();
        int bytes = record.remaining();
        if (used.get() + out.position() + bytes > settings.maxSize()) {
            commitGroup();
            if (!flowControl || !awaitRoom(bytes)) {
                counters.drop("disk-buffer-full");
                m.ack().ack(AckOutcome.DROPPED);
                return;
            }
        }
        if (writeOffset + out.position() > 0 && writeOffset + out.position() + bytes + 4 > settings.segmentSize()) {
            commitGroup();
            nextSegment();
        }
        if (out.remaining() < bytes) {
            commitGroupWrite();
            if (out.capacity() < bytes) out = ByteBuffer.allocate(bytes);
        }
        out.put(record);
        unacked.add(m);
    }

    /** With flow control a full buffer waits for deliveries (holding back the sources); false if closing. */
    private boolean awaitRoom(int bytes) throws InterruptedException {
        synchronized (signal) {
            while (used.get() + bytes > settings.maxSize() && used.get() > 0) {
                if (closing) return false;
                signal.wait(100);
            }
        }
        return true;
    }

    /** Writes the group, makes it durable, then acknowledges it and shows it to the reader. */
    private void commitGroup() throws InterruptedException, Closing {
        untilDone("write", this::commitGroupWrite);
        if (unacked.isEmpty()) return;
        if (settings.reliable()) untilDone("fsync", () -> writeChannel.force(false));
        long n = unacked.size();
        records.addAndGet(n);
        // durable now: the sources hear so before the reader can see the group, let alone deliver it
        for (LogMessage m : unacked) m.ack().ack(AckOutcome.DELIVERED);
        unacked.clear();
        publish();
    }

    /** Writes the group at the write offset; after a failure it can simply be called again. */
    private void commitGroupWrite() throws IOException {
        if (out.position() == 0) return;
        ByteBuffer view = out.duplicate().flip();
        int bytes = view.remaining();
        long at = writeOffset;
        while (view.hasRemaining()) at += writeChannel.write(view, at);
        out.clear();
        writeOffset += bytes;
        used.addAndGet(bytes);
    }

    private interface IoStep { void run() throws IOException; }

    /** Thrown to the writer loop when the buffer closes while a write keeps failing. */
    private static final class Closing extends Exception {
        Closing() { super(null, null, false, false); }
    }

    /**
     * Runs a write step until it succeeds: a failure (ENOSPC, EIO) becomes the buffer's problem,
     * counted once per outage, and the step is tried again each second. Closing gives up.
     */
    private void untilDone(String what, IoStep step) throws InterruptedException, Closing {
        while (true) {
            try {
                step.run();
                if (problem != null) {
                    log.info("Disk buffer {}: writing again after: {}", id, problem);
                    problem = null;
                }
                return;
            } catch (IOException e) {
                if (problem == null) {
                    counters.errors.increment();
                    log.error("Disk buffer {}: cannot {} ({}); holding the messages and trying again every second", id, what,
                            e.toString());
                }
                problem = "disk buffer cannot " + what + ": " + e;
                reclaimIfDelivered();
            }
            if (closing) throw new Closing();
            synchronized (signal) {
                signal.wait(1000);
            }
        }
    }

    /**
     * A full disk that holds only delivered messages: ends the current segment where its last good
     * record ends and starts a new one, so that the reader moves on and removes the delivered one.
     */
    private void reclaimIfDelivered() {
        if (writeOffset == 0 || ledger.committed() != position(writeSegment, writeOffset)) return;
        try {
            writeChannel.truncate(writeOffset);
            startNextSegment();
            publish();
        } catch (IOException e) {
            log.warn("Disk buffer {}: cannot start a new segment to reclaim space: {}", id, e.toString());
        }
    }

    private void publish() {
        durable = position(writeSegment, writeOffset);
        synchronized (signal) {
            signal.notifyAll();
        }
    }

    private void nextSegment() throws InterruptedException, Closing {
        untilDone("end a segment", () -> {
            ByteBuffer end = ByteBuffer.allocate(4).putInt(0, END_OF_SEGMENT);
            long at = writeOffset;
            while (end.hasRemaining()) at += writeChannel.write(end, at);
            writeChannel.force(false);
        });
        untilDone("start a segment", this::startNextSegment);
        publish();
    }

    /** Opens the next segment first, so that a failure leaves the writer where it was. */
    private void startNextSegment() throws IOException {
        FileChannel next = FileChannel.open(segmentFile(writeSegment + 1), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
        writeChannel.close();
        writeChannel = next;
        writeSegment++;
        writeOffset = 0;
    }

    private void dropUnwritten() {
        int n = unacked.size();
        for (LogMessage m : unacked) m.ack().ack(AckOutcome.DROPPED);
        unacked.clear();
        LogMessage m;
        while ((m = inbox.poll()) != null) {
            m.ack().ack(AckOutcome.DROPPED);
            n++;
        }
        if (n > 0) {
            counters.drop("disk-buffer-closed", n);
            log.warn("Disk buffer {}: {} messages could not be written and were dropped", id, n);
        }
    }

    // ---- the worker thread

    @Override
    public LogMessage poll(long timeout, TimeUnit unit) throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        while (true) {
            LogMessage m = next();
            if (m != null) return m;
            saveIfBehind();
            // Readable can mean only "the next segment began" (its first records are still to come): wait again.
            synchronized (signal) {
                while (!readable()) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) return null;
                    TimeUnit.NANOSECONDS.timedWait(signal, left);
                }
            }
        }
    }

    @Override
    public void drainTo(List<LogMessage> target, int max) {
        for (int i = 0; i < max; i++) {
            LogMessage m = next();
            if (m == null) return;
            target.add(m);
        }
    }

    /** True when the writer has made records durable beyond what the reader has consumed. */
    private boolean readable() {
        long d = durable;
        return segment(d) > readSegment || offset(d) > readFileOffset;
    }

    private LogMessage next() {
        try {
            while (true) {
                if (chunk.remaining() >= 4 && chunk.getInt(chunk.position()) == END_OF_SEGMENT) {
                    advanceSegment();
                    continue;
                }
                if (chunk.remaining() >= 8) {
                    int len = chunk.getInt(chunk.position());
                    if (len < 0 || len > MAX_RECORD) {
                        damaged();
                        continue;
                    }
                    if (chunk.remaining() >= 8 + len) return decode(len);
                }
                if (!fill()) return null;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("disk buffer " + id + ": cannot read " + segmentFile(readSegment), e);
        }
    }

    private LogMessage decode(int len) throws IOException {
        int start = chunk.position();
        readCrc.reset();
        readCrc.update(chunk.array(), start + 8, len);
        if ((int) readCrc.getValue() != chunk.getInt(start + 4)) {
            damaged();
            return next();
        }
        LogMessage m = MessageCodec.read(chunk.slice(start + 8, len));
        chunk.position(start + 8 + len);
        long end = position(readSegment, readFileOffset - chunk.remaining());
        m.setAck(new AckHandle(committer, ledger.read(end, 8 + len), 1, true));
        return m;
    }

    private void damaged() throws IOException {
        counters.drop("disk-buffer-damaged");
        log.error("Disk buffer {}: damaged record in {}; skipping the rest of that segment", id, segmentFile(readSegment));
        advanceSegment();
    }

    /** Reads more of the current segment, never past what the writer has made durable. */
    private boolean fill() throws IOException {
        long d = durable;
        long limit = segment(d) == readSegment ? offset(d) : Long.MAX_VALUE;
        if (readFileOffset >= limit) return false;
        chunk.compact();
        if (!chunk.hasRemaining()) {
            ByteBuffer bigger = ByteBuffer.allocate(chunk.capacity() * 2);
            chunk.flip();
            bigger.put(chunk);
            chunk = bigger;
        }
        if (limit != Long.MAX_VALUE && limit - readFileOffset < chunk.remaining()) {
            chunk.limit(chunk.position() + (int) (limit - readFileOffset));
        }
        int n = readChannel.read(chunk, readFileOffset);
        chunk.limit(chunk.capacity());
        chunk.flip();
        if (n > 0) {
            readFileOffset += n;
            return true;
        }
        if (segment(d) > readSegment) { // a segment that lost its end marker
            advanceSegment();
            return true;
        }
        return false;
    }

    private void advanceSegment() throws IOException {
        readChannel.close();
        long previousSegment = segment(committed);
        readSegment++;
        readFileOffset = 0;
        chunk.clear().flip();
        readChannel = openForReading(readSegment);
        // Everything before the new segment is delivered: the old ones can go now, not at the next delivery.
        if (ledger.skipTo(position(readSegment, 0))) {
            committed = position(readSegment, 0);
            removeFinished(previousSegment);
        }
    }

    private FileChannel openForReading(long segment) throws IOException {
        return FileChannel.open(segmentFile(segment), StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    }

    /** Deliveries, in order: moves the read position, frees space, removes finished segments. */
    private final class Committer implements AckReceiver {
        @Override
        public void released() {}

        @Override
        public void acknowledged(Object bookmark, AckOutcome outcome) {
            records.decrementAndGet();
            AckLedger.Advance a = ledger.ack((Long) bookmark);
            if (!a.moved()) return;
            long previousSegment = segment(committed);
            committed = a.committed();
            used.addAndGet(-a.bytes());
            synchronized (signal) {
                signal.notifyAll(); // room for a writer waiting with flow control, or for one reclaiming a full disk
            }
            sinceSave += a.entries();
            if (sinceSave >= SAVE_EVERY) save();
            if (segment(committed) > previousSegment) removeFinished(previousSegment);
        }
    }

    /** Saves the position, then removes the segments before it. */
    private void removeFinished(long fromSegment) {
        save();
        for (long s = fromSegment; s < segment(committed); s++) {
            try {
                Files.deleteIfExists(segmentFile(s));
            } catch (IOException e) {
                log.warn("Disk buffer {}: cannot delete finished segment {}", id, segmentFile(s), e);
            }
        }
    }

    private void save() {
        sinceSave = 0;
        if (saved == committed) return;
        saved = committed;
        save(committed);
    }

    private void save(long position) {
        state.put(stateKey, positionBytes(position));
    }

    private static byte[] positionBytes(long position) {
        return Long.toString(position).getBytes(StandardCharsets.US_ASCII);
    }

    private void saveIfBehind() {
        if (saved != committed) save();
    }

    /** Writes what the pipeline handed over, saves the read position and closes the files. */
    @Override
    public void close() {
        closing = true;
        synchronized (signal) {
            signal.notifyAll();
        }
        try {
            writer.join(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        saveIfBehind();
        try {
            writeChannel.close();
            readChannel.close();
            lock.close();
        } catch (IOException e) {
            log.warn("Disk buffer {}: close failed", id, e);
        }
    }

    private TreeSet<Long> segments() throws IOException {
        TreeSet<Long> out = new TreeSet<>();
        try (Stream<Path> files = Files.list(settings.dir())) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Matcher m = SEGMENT.matcher(f.getFileName().toString());
                if (m.matches()) out.add(Long.parseLong(m.group(1)));
            }
        }
        return out;
    }

    private Path segmentFile(long segment) { return settings.dir().resolve(String.format("segment-%016d.log", segment)); }

    private static long position(long segment, long offset) { return segment << 32 | offset; }

    private static long segment(long position) { return position >>> 32; }

    private static long offset(long position) { return position & 0xffffffffL; }
}
