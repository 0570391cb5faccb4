package dev.sluice.state;

import org.mapdb.DB;
import org.mapdb.DBMaker;
import org.mapdb.Serializer;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentMap;
import java.util.zip.CRC32C;

/**
 * A whole-state image in a MapDB file, the store of record. It is written to a temporary file,
 * closed, fsynced and only then renamed into place, so a file with the final name is always
 * complete; it also carries the entry count and a checksum of its contents, verified on load,
 * because MapDB itself does not detect every damage.
 */
final class Snapshot {
    private static final String ENTRIES = "entries";
    private static final String COUNT = "count";
    private static final String CHECKSUM = "checksum";

    private Snapshot() {}

    static void write(Map<String, byte[]> state, Path target) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        DB db = DBMaker.fileDB(tmp.toFile()).fileChannelEnable().fileLockDisable().make();
        try {
            ConcurrentMap<String, byte[]> entries = db.hashMap(ENTRIES, Serializer.STRING, Serializer.BYTE_ARRAY).create();
            entries.putAll(state);
            db.atomicLong(COUNT).create().set(state.size());
            db.atomicLong(CHECKSUM).create().set(checksum(state));
        } finally {
            db.close();
        }
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        syncDirectory(target.getParent());
    }

    /** The snapshot's entries; throws when MapDB cannot open it or the contents do not verify. */
    static Map<String, byte[]> read(Path file) throws IOException {
        DB db;
        try {
            db = DBMaker.fileDB(file.toFile()).fileChannelEnable().fileLockDisable().readOnly().make();
        } catch (RuntimeException e) {
            throw new IOException("cannot open snapshot " + file + ": " + e, e);
        }
        try {
            Map<String, byte[]> out = new HashMap<>(db.hashMap(ENTRIES, Serializer.STRING, Serializer.BYTE_ARRAY).open());
            long count = db.atomicLong(COUNT).open().get();
            long sum = db.atomicLong(CHECKSUM).open().get();
            if (out.size() != count || checksum(out) != sum) {
                throw new IOException("snapshot " + file + " does not verify (" + out.size() + " of " + count + " entries)");
            }
            return out;
        } catch (RuntimeException e) {
            throw new IOException("damaged snapshot " + file + ": " + e, e);
        } finally {
            try {
                db.close();
            } catch (RuntimeException ignored) {
                // a damaged read-only store may fail to close; nothing was written to it
            }
        }
    }

    private static long checksum(Map<String, byte[]> state) {
        CRC32C crc = new CRC32C();
        for (Map.Entry<String, byte[]> e : new TreeMap<>(state).entrySet()) {
            crc.update(e.getKey().getBytes(StandardCharsets.UTF_8));
            crc.update(0);
            crc.update(e.getValue());
            crc.update(0);
        }
        return crc.getValue();
    }

    static void syncDirectory(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }
}
