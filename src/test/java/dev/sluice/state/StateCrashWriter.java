package dev.sluice.state;

import java.io.BufferedOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Child process of the crash tests: writes Persist-style counters and bookmarks into a state
 * store as fast as it can, with tiny journals so that generations roll over all the time, and
 * prints {@code key value} for each write once {@code put} has returned. The counter is a long
 * cell overwritten in place; one key switches between a cell and a plain value every few writes.
 * It never stops by itself.
 */
public final class StateCrashWriter {
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        long journalSize = args.length > 1 ? Long.parseLong(args[1]) : 16 * 1024;
        PrintStream out = new PrintStream(new BufferedOutputStream(System.out, 1 << 16), false, StandardCharsets.UTF_8);
        try (StateStore store = StateStore.open(dir, new StateStore.Settings(Duration.ofMillis(20), journalSize))) {
            StateStore.LongKey counter = new StateStore.LongKey("persist/crash##counter");
            StateStore.LongKey mixed = new StateStore.LongKey("persist/crash##mixed");
            byte[] last = store.get(counter.name());
            long start = last == null ? 0 : StateStore.longOf(last) + 1;
            System.out.println("READY " + start);
            System.out.flush();
            for (long i = start; ; i++) {
                String key = i % 3 == 0 ? "bookmark/source" + (i % 2) : "persist/crash##k" + (i % 5);
                store.put(key, Long.toString(i).getBytes(StandardCharsets.UTF_8));
                store.putLong(counter, i);
                if (i % 8 < 5) store.putLong(mixed, i);
                else store.put(mixed.name(), Long.toString(i).getBytes(StandardCharsets.UTF_8));
                out.println(key + " " + i);
                out.println(counter.name() + " " + i);
                out.println(mixed.name() + " " + i);
                if (i % 64 == 0) out.flush();
            }
        }
    }
}
