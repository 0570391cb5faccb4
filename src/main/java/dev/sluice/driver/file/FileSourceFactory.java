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
 * parse options ({@code flags: [no-parse]} for lines that are not syslog), and {@code multi-line-mode}
 * ({@code indented}, {@code regexp}/{@code prefix-garbage}, {@code prefix-suffix}; see {@link MultiLine}).
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
        var multiLine = multiLine(spec);
        if (path == null || multiLine == null) return null;
        return new FileSource(spec.id(), new FileSource.Settings(Path.of(path).toAbsolutePath(), freq, startAt.equals("end"), parse,
                Math.max(1, window), parse.maxMessageSize(), multiLine), context.state());
    }

    /** {@code multi-line-mode} with its {@code multi-line-prefix}, {@code -garbage}, {@code -suffix} and {@code -timeout} (1s). */
    private static java.util.function.Supplier<MultiLine> multiLine(DriverSpec spec) {
        MultiLine.Mode mode = spec.choice("multi-line-mode", MultiLine.Mode.class, MultiLine.Mode.NONE);
        java.util.regex.Pattern prefix = pattern(spec, "multi-line-prefix"), garbage = pattern(spec, "multi-line-garbage"),
                suffix = pattern(spec, "multi-line-suffix");
        Duration timeout = spec.duration("multi-line-timeout", Duration.ofSeconds(1));
        boolean needsPrefix = mode == MultiLine.Mode.REGEXP || mode == MultiLine.Mode.PREFIX_GARBAGE || mode == MultiLine.Mode.PREFIX_SUFFIX;
        if (needsPrefix && prefix == null) spec.error("multi-line-prefix", "multi-line-mode " + mode.name().toLowerCase().replace('_', '-')
                + " needs multi-line-prefix (a regular expression a message's first line matches)");
        if (mode == MultiLine.Mode.PREFIX_SUFFIX && suffix == null) spec.error("multi-line-suffix", "multi-line-mode prefix-suffix needs multi-line-suffix");
        if (needsPrefix && prefix == null) return null;
        return () -> new MultiLine(mode, prefix, garbage, suffix, timeout);
    }

    private static java.util.regex.Pattern pattern(DriverSpec spec, String key) {
        String re = spec.string(key, null);
        if (re == null) return null;
        try {
            return dev.sluice.filter.Pcre.compile(re, false).pattern();
        } catch (dev.sluice.filter.FilterException e) {
            spec.error(key, e.getMessage());
            return null;
        }
    }
}
