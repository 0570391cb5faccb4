package dev.sluice.driver.file;

import dev.sluice.driver.Destination;
import dev.sluice.pipeline.DestinationKit;
import dev.sluice.template.TemplateCompiler;
import dev.sluice.template.TemplateOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;

/**
 * The file destination passes the kit. Its outage is a real full disk: the file lives on a small
 * tmpfs (mounted by the test, as root) that is filled up, then freed.
 */
class FileDestinationKitTest extends DestinationKit {
    private final TemplateCompiler compiler = TemplateCompiler.withBuiltins();
    private Path fs;
    private boolean mounted;

    @BeforeEach
    void mountSmallDisk() throws Exception {
        fs = dir.resolve("fs");
        Files.createDirectories(fs);
        mounted = SmallDisk.mount(fs, "4m");
    }

    @AfterEach
    void unmount() throws Exception {
        if (mounted) SmallDisk.unmount(fs);
    }

    @Override
    protected Destination newDestination() {
        return new FileDestination(new FileDestination.Settings(compiler.compile(fs.resolve("out.log").toString()),
                compiler.compile("$MESSAGE\n"), new TemplateOptions(ZoneOffset.UTC, 0), true, 16, false));
    }

    @Override
    protected String delivered() throws IOException {
        Path f = fs.resolve("out.log");
        return Files.exists(f) ? Files.readString(f) : "";
    }

    @Override
    protected boolean breakDestination() throws IOException {
        if (!mounted) return false;
        SmallDisk.fill(fs.resolve("filler"));
        return true;
    }

    @Override
    protected void repair() throws IOException {
        Files.deleteIfExists(fs.resolve("filler"));
    }
}
