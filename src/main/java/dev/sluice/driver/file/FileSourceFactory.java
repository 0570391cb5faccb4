package dev.sluice.driver.file;

import dev.sluice.driver.CommonOptions;
import dev.sluice.driver.DriverContext;
import dev.sluice.driver.DriverFactory;
import dev.sluice.driver.DriverRole;
import dev.sluice.driver.DriverSpec;
import dev.sluice.driver.Source;

import java.nio.file.Path;
import java.time.Duration;

/**
 * {@code type: file} source: {@code path} (a file, or a glob in its last component), {@code follow-freq}
 * (1s), {@code start-at} ({@code beginning}, the default, or {@code end}: where a file without a saved
 * position starts when the source starts), {@code log-iw-size} (10000), {@code log-msg-size}, and the
 * parse options ({@code flags: [no-parse]} for lines that are not syslog).
 */
public final class FileSourceFactory implements DriverFactory<Source> {
    @Override public String type() { return "file"; }
    @Override public DriverRole role() { return DriverRole.SOURCE; }

    @Override
    public Source create(DriverSpec spec, DriverContext context) {
        String path = spec.requiredString("path");
        Duration freq = spec.duration("follow-freq", Duration.ofSeconds(1));
        if (freq.isZero() || freq.isNegative()) spec.error("follow-freq", "must be above zero");
        String startAt = spec.string("start-at", "beginning");
        if (!startAt.equals("beginning") && !startAt.equals("end")) spec.error("start-at", "expected beginning or end, got '" + startAt + "'");
        int window = spec.integer("log-iw-size", 10_000);
        if (window < 1) spec.error("log-iw-size", "must be at least 1");
        var parse = CommonOptions.parseOptions(spec);
        if (path == null) return null;
        return new FileSource(spec.id(), new FileSource.Settings(Path.of(path).toAbsolutePath(), freq, startAt.equals("end"), parse,
                Math.max(1, window), parse.maxMessageSize()), context.state());
    }
}
