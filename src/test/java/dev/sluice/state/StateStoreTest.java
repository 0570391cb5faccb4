package dev.sluice.state;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StateStoreTest {
    private static final StateStore.Settings SMALL = new StateStore.Settings(Duration.ofMillis(50), 4096);

    @TempDir
    Path dir;

    private static byte[] b(String s) { return s.getBytes(StandardCharsets.UTF_8); }

    private static String s(byte[] b) { return b == null ? null : new String(b, StandardCharsets.UTF_8); }

    @Test
    void values_survive_reopen_across_many_generations() throws Exception {
        try (StateStore store = StateStore.open(dir, SMALL)) {
            for (int i = 0; i < 5000; i++) store.put("k" + (i % 10), b("v" + i));
            store.put("gone", b("x"));
            store.remove("gone");
        }
        try (StateStore store = StateStore.open(dir, SMALL)) {
            for (int k = 0; k < 10; k++) assertThat(s(store.get("k" + k))).isEqualTo("v" + (4990 + k));
            assertThat(store.get("gone")).isNull();
            assertThat(store.keys("k")).hasSize(10);
            assertThat(store.size()).isEqualTo(10);
        }
        // Only the current and the fallback generation are kept.
        assertThat(files("snapshot-")).hasSizeLessThanOrEqualTo(3);
    }

    @Test
    void a_damaged_newest_snapshot_falls_back_to_the_previous_generation() throws Exception {
        try (StateStore store = StateStore.open(dir, SMALL)) {
            for (int i = 0; i < 2000; i++) store.put("counter", b(Integer.toString(i)));
        }
        List<Path> snaps = files("snapshot-");
        Path newest = snaps.getLast();
        try (RandomAccessFile f = new RandomAccessFile(newest.toFile(), "rw")) {
            f.seek(f.length() / 2);
            f.write(new byte[64]); // scribble over the middle
            f.seek(8);
            f.write(new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
        }
        try (StateStore store = StateStore.open(dir, SMALL)) {
            assertThat(s(store.get("counter"))).isEqualTo("1999");
        }
    }

    @Test
    void a_torn_journal_tail_is_ignored_and_everything_before_it_kept() throws Exception {
        try (StateStore store = StateStore.open(dir, new StateStore.Settings(Duration.ofSeconds(10), 1 << 20))) {
            for (int i = 0; i < 100; i++) store.put("k", b("v" + i));
        }
        Path journal = files("journal-").getLast();
        try (RandomAccessFile f = new RandomAccessFile(journal.toFile(), "rw")) {
            // Find the end of the records and write half a record with a wrong checksum there.
            byte[] all = Files.readAllBytes(journal);
            int end = 0;
            while (end + 8 <= all.length && java.nio.ByteBuffer.wrap(all, end, 4).getInt() != 0) {
                end += 8 + java.nio.ByteBuffer.wrap(all, end, 4).getInt();
            }
            f.seek(end);
            f.writeInt(40);
            f.writeInt(12345);
            f.write(new byte[] {Journal.PUT, 0, 0, 0, 1, 'k', 'X'});
        }
        try (StateStore store = StateStore.open(dir, SMALL)) {
            assertThat(s(store.get("k"))).isEqualTo("v99");
        }
    }

    @Test
    void a_second_store_on_the_same_directory_is_refused_with_the_holder() throws Exception {
        try (StateStore first = StateStore.open(dir, SMALL)) {
            assertThatThrownBy(() -> StateStore.open(dir, SMALL))
                    .isInstanceOf(StateLock.StateLockedException.class)
                    .hasMessageContaining(dir.resolve("state").toAbsolutePath().toString())
                    .hasMessageContaining("pid " + ProcessHandle.current().pid());
            first.put("still", b("works"));
        }
        try (StateStore again = StateStore.open(dir, SMALL)) {
            assertThat(s(again.get("still"))).isEqualTo("works");
        }
    }

    @Test
    void an_entry_larger_than_a_journal_is_refused_and_nothing_else_is_lost() throws Exception {
        try (StateStore store = StateStore.open(dir, SMALL)) {
            store.put("small", b("ok"));
            assertThatThrownBy(() -> store.put("big", new byte[10_000])).hasMessageContaining("'big'");
            assertThat(s(store.get("small"))).isEqualTo("ok");
        }
    }

    @Test
    void long_cells_are_overwritten_in_place_and_give_way_to_other_writes_of_their_key() throws Exception {
        Path journal;
        try (StateStore store = StateStore.open(dir, new StateStore.Settings(Duration.ofSeconds(10), 1 << 20))) {
            StateStore.LongKey hot = new StateStore.LongKey("hot");
            for (long i = 0; i < 200_000; i++) store.putLong(hot, i);
            assertThat(StateStore.longOf(store.get("hot"))).isEqualTo(199_999);
            assertThat(store.keys("ho")).containsExactly("hot");
            journal = files("journal-").getLast();
            assertThat(Journal.replay(journal, (k, v) -> {})).as("one record for 200k writes").isEqualTo(1);

            StateStore.LongKey mixed = new StateStore.LongKey("mixed");
            store.putLong(mixed, 1);
            store.put("mixed", b("text"));
            assertThat(s(store.get("mixed"))).isEqualTo("text");
            store.putLong(mixed, 2);
            store.putLong(mixed, 3);
            store.put("mixed", b("last"));
            StateStore.LongKey other = new StateStore.LongKey("other"); // a second handle on one key
            StateStore.LongKey sameAsOther = new StateStore.LongKey("other");
            store.putLong(other, 10);
            store.putLong(sameAsOther, 11);
            store.putLong(other, 12);
        }
        try (StateStore store = StateStore.open(dir, SMALL)) {
            assertThat(StateStore.longOf(store.get("hot"))).isEqualTo(199_999);
            assertThat(s(store.get("mixed"))).isEqualTo("last");
            assertThat(StateStore.longOf(store.get("other"))).isEqualTo(12);
        }
    }

    @Test
    void long_cells_move_with_the_generations() throws Exception {
        try (StateStore store = StateStore.open(dir, SMALL)) {
            StateStore.LongKey counter = new StateStore.LongKey("counter");
            for (int i = 0; i < 5000; i++) {
                store.putLong(counter, i);
                store.put("k" + (i % 10), b("v" + i)); // fills journals: generation after generation
            }
        }
        assertThat(files("journal-").getLast().getFileName().toString()).isNotEqualTo("journal-0000000000000000.log");
        try (StateStore store = StateStore.open(dir, SMALL)) {
            assertThat(StateStore.longOf(store.get("counter"))).isEqualTo(4999);
            assertThat(s(store.get("k9"))).isEqualTo("v4999");
        }
    }

    private List<Path> files(String prefix) throws IOException {
        try (Stream<Path> s = Files.list(dir.resolve("state"))) {
            return s.filter(p -> p.getFileName().toString().startsWith(prefix)).sorted().toList();
        }
    }
}
