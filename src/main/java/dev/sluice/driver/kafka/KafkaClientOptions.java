package dev.sluice.driver.kafka;

import dev.sluice.config.ConfigNode;
import dev.sluice.driver.DriverSpec;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the Kafka source and destination read alike: {@code bootstrap-servers} and
 * {@code properties}, any client property by its Kafka name (TLS and SASL included). Spring splits
 * a dotted key ({@code linger.ms: 5}) into nested maps; they are joined back here.
 */
final class KafkaClientOptions {
    private KafkaClientOptions() {}

    /** The client's properties: {@code defaults}, then the user's {@code properties}, then the bootstrap servers. */
    static Map<String, Object> read(DriverSpec spec, Map<String, Object> defaults) {
        Map<String, Object> props = new LinkedHashMap<>(defaults);
        ConfigNode node = spec.node("properties");
        if (node != null) {
            if (node.asMap() == null) spec.error("properties", "expected a map of Kafka client properties (linger.ms: 5)");
            else flatten("", node.asMap(), props);
        }
        String servers = spec.requiredString("bootstrap-servers");
        if (servers != null) props.put("bootstrap.servers", servers);
        return props;
    }

    private static void flatten(String prefix, Map<String, ConfigNode> map, Map<String, Object> out) {
        for (Map.Entry<String, ConfigNode> e : map.entrySet()) {
            String key = prefix + e.getKey();
            if (e.getValue().asMap() != null) flatten(key + ".", e.getValue().asMap(), out);
            else out.put(key, e.getValue().asString());
        }
    }
}
