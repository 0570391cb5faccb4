package dev.sluice.driver.kafka;

import dev.sluice.config.ConfigNode;
import dev.sluice.driver.CommonOptions;
import dev.sluice.driver.Destination;
import dev.sluice.driver.DriverContext;
import dev.sluice.driver.DriverFactory;
import dev.sluice.driver.DriverRole;
import dev.sluice.driver.DriverSpec;
import dev.sluice.template.Template;
import dev.sluice.template.TemplateException;
import dev.sluice.template.ValuePairs;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code type: kafka} destination: {@code bootstrap-servers}, {@code topic} (a template),
 * {@code key} (a template; none: Kafka's sticky partitioner), {@code template}
 * ({@code $ISODATE $HOST $MSGHDR$MSG}) or {@code value-pairs} (the value as JSON), {@code headers}
 * (templates), {@code properties} (any producer property). Defaults: {@code acks=all}, idempotence,
 * {@code delivery.timeout.ms} 30 s (a broker outage shows in health within it, instead of Kafka's 2 minutes),
 * {@code max.block.ms} 10 s (how long one send may wait for a topic's metadata, instead of a minute).
 */
public final class KafkaDestinationFactory implements DriverFactory<Destination> {
    static final Map<String, Object> PRODUCER_DEFAULTS = Map.of(
            "acks", "all",
            "enable.idempotence", "true",
            "linger.ms", "5",
            "request.timeout.ms", "10000",
            "delivery.timeout.ms", "30000",
            "max.block.ms", "10000");

    @Override public String type() { return "kafka"; }
    @Override public DriverRole role() { return DriverRole.DESTINATION; }

    @Override
    public Destination create(DriverSpec spec, DriverContext context) {
        Map<String, Object> props = KafkaClientOptions.read(spec, PRODUCER_DEFAULTS);
        Template topic = CommonOptions.template(spec, context, "topic", null);
        if (topic == null) spec.error("topic", "a kafka destination needs topic: (a template, such as logs-$PROGRAM)");
        Template key = CommonOptions.template(spec, context, "key", null);
        ValuePairs pairs = spec.options().containsKey("value-pairs") ? CommonOptions.valuePairs(spec, context, "value-pairs") : null;
        Template value = CommonOptions.template(spec, context, "template", "$ISODATE $HOST $MSGHDR$MSG");
        Map<String, Template> headers = new LinkedHashMap<>();
        ConfigNode node = spec.node("headers");
        if (node != null && node.asMap() == null) spec.error("headers", "expected a map of header names to templates");
        if (node != null && node.asMap() != null) {
            for (Map.Entry<String, ConfigNode> e : node.asMap().entrySet()) {
                try {
                    headers.put(e.getKey(), context.templates().compile(e.getValue().asString()));
                } catch (TemplateException ex) {
                    spec.error("headers", e.getKey() + ": " + ex.getMessage());
                }
            }
        }
        return new KafkaDestination(new KafkaDestination.Settings(props, topic, key, value, pairs, headers, CommonOptions.templateOptions(spec)));
    }
}
