package dev.sluice.driver.kafka;

import dev.sluice.driver.CommonOptions;
import dev.sluice.driver.DriverContext;
import dev.sluice.driver.DriverFactory;
import dev.sluice.driver.DriverRole;
import dev.sluice.driver.DriverSpec;
import dev.sluice.driver.Source;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * {@code type: kafka} source: {@code bootstrap-servers}, {@code topics} (a list) or
 * {@code topic-pattern} (a regexp), {@code group-id} (default {@code sluice-<pipeline>}),
 * {@code start-at} ({@code beginning} or {@code end}: where a group without committed offsets
 * starts), {@code value-format} ({@code raw}: the value is the message; {@code syslog}: parsed, with
 * the usual parse options), {@code log-iw-size} (10000), {@code commit-interval} (1s),
 * {@code drain-timeout} (5s: how long a stop waits for what is in flight), {@code properties}
 * (any consumer property). Auto-commit is always off: offsets follow deliveries.
 */
public final class KafkaSourceFactory implements DriverFactory<Source> {
    @Override public String type() { return "kafka"; }
    @Override public DriverRole role() { return DriverRole.SOURCE; }

    @Override
    public Source create(DriverSpec spec, DriverContext context) {
        Map<String, Object> defaults = new LinkedHashMap<>();
        defaults.put("group.id", "sluice-" + spec.pipeline());
        String startAt = spec.string("start-at", "beginning");
        if (!startAt.equals("beginning") && !startAt.equals("end")) spec.error("start-at", "expected beginning or end, got '" + startAt + "'");
        defaults.put("auto.offset.reset", startAt.equals("end") ? "latest" : "earliest");
        defaults.put("max.poll.records", "500");
        Map<String, Object> props = KafkaClientOptions.read(spec, defaults);
        String group = spec.string("group-id", null);
        if (group != null) props.put("group.id", group);
        if ("true".equalsIgnoreCase(String.valueOf(props.get("enable.auto.commit")))) {
            spec.error("properties", "enable.auto.commit cannot be true: offsets are committed as messages are delivered");
        }
        props.put("enable.auto.commit", "false");
        List<String> topics = spec.stringList("topics");
        String patternText = spec.string("topic-pattern", null);
        Pattern pattern = null;
        if (patternText != null) {
            try {
                pattern = Pattern.compile(patternText);
            } catch (PatternSyntaxException e) {
                spec.error("topic-pattern", "not a regular expression: " + e.getDescription() + " at index " + e.getIndex());
            }
            if (!topics.isEmpty()) spec.error("topics", "use either topics or topic-pattern");
        } else if (topics.isEmpty()) {
            spec.error("topics", "a kafka source needs topics: (a list) or topic-pattern:");
        }
        String format = spec.string("value-format", "raw");
        if (!format.equals("raw") && !format.equals("syslog")) spec.error("value-format", "expected raw or syslog, got '" + format + "'");
        int window = spec.integer("log-iw-size", 10_000);
        return new KafkaSource(spec.id(), new KafkaSource.Settings(props, topics, pattern, format.equals("syslog"), CommonOptions.parseOptions(spec),
                window, spec.duration("commit-interval", Duration.ofSeconds(1)), spec.duration("drain-timeout", Duration.ofSeconds(5))));
    }
}
