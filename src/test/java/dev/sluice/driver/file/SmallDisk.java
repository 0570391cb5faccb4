package dev.sluice.driver.file;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** A small tmpfs for full-disk tests; mounting needs root (tests that need one skip without it). */
public final class SmallDisk {
    private SmallDisk() {}

    /** Mounts a tmpfs of {@code size} (e.g. "4m") on {@code dir}; false if this machine does not allow it. */
    public static boolean mount(Path dir, String size) throws Exception {
        return run("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", dir.toString());
    }

    public static void unmount(Path dir) throws Exception {
        run("umount", "-l", dir.toString());
    }

    /** Writes {@code file} until the disk is full. */
    public static void fill(Path file) throws IOException {
        byte[] block = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(file)) {
            while (true) out.write(block);
        } catch (IOException full) {
            if (!String.valueOf(full.getMessage()).contains("No space")) throw full;
        }
        try (OutputStream out = Files.newOutputStream(file, java.nio.file.StandardOpenOption.APPEND)) {
            while (true) out.write(1); // the last bytes of the last page
        } catch (IOException full) {
            // full to the byte
        }
    }

    private static boolean run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    }
}
