package dev.sluice.state;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Sluice's durable key-value state (Persist entries, bookmarks, disk-buffer positions) under
 * {@code <state-dir>/state}.
 *
 * <p>MapDB snapshots are the store of record, but MapDB alone does not survive {@code kill -9},
 * so every change first goes to a memory-mapped {@link Journal} (safe against a process crash
 * when {@link #put} returns, against power loss after the next sync). Journals and snapshots
 * come in generations: snapshot N is the state when journal N began. When a journal fills up,
 * journal N+1 starts and snapshot N+1 is written in the background, fsynced and renamed into
 * place. Opening loads the newest snapshot that verifies and replays every journal from its
 * generation on; the previous generation is kept as a fallback.
 *
 * <p>A key written with {@link #putLong} (a Persist counter, typically once per message) gets a
 * cell: one journal record whose 8-byte value is then overwritten in place, so a hot counter costs
 * one store into the mapped journal per write and does not grow the journal. Any other write of
 * that key, or the next generation, retires the cell; the next {@code putLong} opens a new one.
 */
public final class StateStore implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(StateStore.class);
    private static final Pattern FILE = Pattern.compile("(snapshot|journal)-(\\d{16})\\.(mapdb|log)");

    /** How often written journal pages are flushed to the device, and each journal's size. */
    public record Settings(Duration syncInterval, long journalSize) {
        public static final Settings DEFAULT = new Settings(Duration.ofSeconds(1), 32L << 20);
    }

    private record PendingSnapshot(long generation, Map<String, byte[]> state, Journal retired) {}

    /** Tells the background thread to finish. */
    private static final PendingSnapshot STOP = new PendingSnapshot(-1, Map.of(), null);

    private final Path dir;
    private final Settings settings;
    private final StateLock lock;
    private final Map<String, byte[]> entries;
    /** Keys whose newest value is in a live cell of the current journal (then their entry is stale). */
    private final Map<String, Cell> cells = new ConcurrentHashMap<>();
    private final LinkedBlockingQueue<PendingSnapshot> snapshots = new LinkedBlockingQueue<>();
    private final Thread background;
    private Journal journal;
    private long generation;
    private long installed;
    private volatile boolean closed;

    private StateStore(Path dir, Settings settings, StateLock lock, Map<String, byte[]> entries, long generation)
            throws IOException {
        this.dir = dir;
        this.settings = settings;
        this.lock = lock;
        this.entries = entries;
        this.generation = generation;
        this.installed = generation;
        this.journal = Journal.create(journalFile(generation), settings.journalSize());
        this.background = Thread.ofPlatform().name("state-sync").daemon(true).start(this::backgroundLoop);
    }

    /** Opens (or creates) the store under {@code stateDir/state}, recovering from whatever a crash left. */
    public static StateStore open(Path stateDir, Settings settings) throws IOException {
        Path dir = stateDir.resolve("state");
        Files.createDirectories(dir);
        StateLock lock = StateLock.acquire(dir);
        try {
            TreeMap<Long, Path> snaps = new TreeMap<>();
            TreeMap<Long, Path> journals = new TreeMap<>();
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    String name = f.getFileName().toString();
                    if (name.endsWith(".tmp")) {
                        Files.delete(f); // an unfinished snapshot
                        continue;
                    }
                    Matcher m = FILE.matcher(name);
                    if (!m.matches()) continue;
                    (m.group(1).equals("snapshot") ? snaps : journals).put(Long.parseLong(m.group(2)), f);
                }
            }
            Map<String, byte[]> state = new HashMap<>();
            long base = -1;
            for (Map.Entry<Long, Path> s : snaps.descendingMap().entrySet()) {
                try {
                    state = Snapshot.read(s.getValue());
                    base = s.getKey();
                    break;
                } catch (IOException e) {
                    log.warn("State snapshot {} is unusable, falling back to the previous generation: {}", s.getValue(), e.getMessage());
                }
            }
            int replayed = 0;
            Map<String, byte[]> target = state;
            for (Map.Entry<Long, Path> j : journals.tailMap(Math.max(base, 0L)).entrySet()) {
                replayed += Journal.replay(j.getValue(), (k, v) -> {
                    if (v == null) target.remove(k);
                    else target.put(k, v);
                });
            }
            long last = Math.max(snaps.isEmpty() ? -1 : snaps.lastKey(), journals.isEmpty() ? -1 : journals.lastKey());
            long generation = last + 1;
            // The recovered state becomes a fresh generation; the one it came from stays as the fallback.
            Snapshot.write(state, snapshotFile(dir, generation));
            deleteOlderThan(dir, base < 0 ? generation : base);
            if (base >= 0 || replayed > 0) {
                log.info("State recovered from {}: {} entries (snapshot generation {}, {} journal records)",
                        dir, state.size(), base, replayed);
            }
            return new StateStore(dir, settings, lock, new ConcurrentHashMap<>(state), generation);
        } catch (IOException | RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    public Path directory() { return dir; }

    public byte[] get(String key) {
        Cell cell = cells.get(key);
        return cell != null ? longValue(cell.value) : entries.get(key);
    }

    /** A key with its encoded form, for callers that write the same key again and again. */
    public record Key(String name, byte[] utf8) {
        public static Key of(String name) { return new Key(name, name.getBytes(StandardCharsets.UTF_8)); }
    }

    /** Stores a value; once this returns the change survives a crash of the process. */
    public void put(String key, byte[] value) { write(Journal.PUT, Key.of(key), value); }

    public void put(Key key, byte[] value) { write(Journal.PUT, key, value); }

    public void remove(String key) { write(Journal.REMOVE, Key.of(key), null); }

    /** A value written by {@link #putLong} reads back as this tag followed by the long, 8 bytes big-endian. */
    public static final byte LONG_TAG = 4;

    public static byte[] longValue(long value) {
        return ByteBuffer.allocate(9).put(LONG_TAG).putLong(value).array();
    }

    public static boolean isLong(byte[] value) { return value.length == 9 && value[0] == LONG_TAG; }

    public static long longOf(byte[] value) { return ByteBuffer.wrap(value, 1, 8).getLong(); }

    /** A key for {@link #putLong}; it remembers its live cell so that a write is a single store. */
    public static final class LongKey {
        private final Key key;
        private Cell cell; // guarded by the store

        public LongKey(String name) { this.key = Key.of(name); }

        public String name() { return key.name(); }
    }

    /** A live cell is always in the current journal. */
    private static final class Cell {
        final long valueAt;
        volatile long value;
        boolean live = true; // guarded by the store

        Cell(long valueAt, long value) {
            this.valueAt = valueAt;
            this.value = value;
        }
    }

    /** Stores a long; as {@link #put}, safe against a process crash once this returns. */
    public synchronized void putLong(LongKey key, long value) {
        Cell cell = key.cell;
        if (cell != null && cell.live) {
            journal.storeLong(cell.valueAt, value);
            cell.value = value;
            return;
        }
        if (closed) throw new IllegalStateException("state store " + dir + " is closed");
        long valueAt = journal.appendCell(key.key.utf8(), value);
        if (valueAt < 0) {
            rotate();
            valueAt = journal.appendCell(key.key.utf8(), value);
            if (valueAt < 0) throw tooLarge(key.key);
        }
        key.cell = new Cell(valueAt, value);
        entries.put(key.name(), longValue(value)); // listed by keys(); get() reads the cell
        retire(cells.put(key.name(), key.cell));
    }

    private static void retire(Cell cell) {
        if (cell != null) cell.live = false;
    }

    /** Keys starting with the prefix, in no particular order. */
    public List<String> keys(String prefix) {
        List<String> out = new ArrayList<>();
        for (String k : entries.keySet()) if (k.startsWith(prefix)) out.add(k);
        return out;
    }

    public int size() { return entries.size(); }

    private synchronized void write(byte op, Key key, byte[] value) {
        if (closed) throw new IllegalStateException("state store " + dir + " is closed");
        if (!journal.append(op, key.utf8(), value)) {
            rotate();
            if (!journal.append(op, key.utf8(), value)) throw tooLarge(key);
        }
        if (op == Journal.PUT) entries.put(key.name(), value);
        else entries.remove(key.name());
        retire(cells.remove(key.name()));
    }

    private IllegalArgumentException tooLarge(Key key) {
        return new IllegalArgumentException("state entry '" + key.name() + "' is larger than a journal ("
                + settings.journalSize() + " bytes)");
    }

    /** Starts the next generation; its snapshot is written in the background. */
    private void rotate() {
        try {
            Journal next = Journal.create(journalFile(generation + 1), settings.journalSize());
            generation++;
            // Cells live in the retiring journal: their values go into the snapshot, new cells into the next journal.
            for (Map.Entry<String, Cell> c : cells.entrySet()) {
                entries.put(c.getKey(), longValue(c.getValue().value));
                c.getValue().live = false;
            }
            cells.clear();
            snapshots.add(new PendingSnapshot(generation, new HashMap<>(entries), journal));
            journal = next;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start state journal generation " + (generation + 1) + " in " + dir, e);
        }
    }

    /** Flushes the journal to the device now (otherwise done every sync interval). */
    public void sync() {
        Journal current;
        synchronized (this) {
            current = journal;
        }
        try {
            current.sync();
        } catch (IllegalStateException e) {
            // rotated and retired meanwhile: its snapshot is being written and fsynced instead
        }
    }

    private void backgroundLoop() {
        while (true) {
            try {
                PendingSnapshot p = snapshots.poll(settings.syncInterval().toMillis(), TimeUnit.MILLISECONDS);
                if (p == null) sync();
                else if (install(p)) return;
            } catch (InterruptedException e) {
                return;
            } catch (Throwable t) {
                log.error("State store {}: background sync failed", dir, t);
            }
        }
    }

    /** Writes the newest pending snapshot; older pending ones are covered by it and skipped. */
    private boolean install(PendingSnapshot first) throws IOException {
        List<PendingSnapshot> batch = new ArrayList<>(List.of(first));
        snapshots.drainTo(batch);
        boolean stop = batch.remove(STOP);
        if (!batch.isEmpty()) {
            PendingSnapshot newest = batch.getLast();
            Snapshot.write(newest.state(), snapshotFile(dir, newest.generation()));
            for (PendingSnapshot p : batch) p.retired().close();
            deleteOlderThan(dir, installed);
            installed = newest.generation();
        }
        return stop;
    }

    /** Deletes snapshots and journals of generations before {@code generation}. */
    private static void deleteOlderThan(Path dir, long generation) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Matcher m = FILE.matcher(f.getFileName().toString());
                if (m.matches() && Long.parseLong(m.group(2)) < generation) Files.deleteIfExists(f);
            }
        }
    }

    private Path journalFile(long gen) { return dir.resolve(String.format("journal-%016d.log", gen)); }

    private static Path snapshotFile(Path dir, long gen) { return dir.resolve(String.format("snapshot-%016d.mapdb", gen)); }

    /** Writes pending snapshots, flushes the journal and releases the directory. */
    @Override
    public void close() throws IOException {
        synchronized (this) {
            if (closed) return;
            closed = true;
            for (Cell c : cells.values()) c.live = false; // the next putLong sees the store closed
        }
        snapshots.add(STOP);
        try {
            background.join(60_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        journal.sync();
        journal.close();
        lock.close();
    }
}
