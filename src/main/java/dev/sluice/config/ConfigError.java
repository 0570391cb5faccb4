package dev.sluice.config;

/** One thing wrong with the configuration, located as precisely as we know. */
public record ConfigError(String pipeline, String driver, String key, String origin, String message) {

    public static ConfigError global(String key, String origin, String message) {
        return new ConfigError(null, null, key, origin, message);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        if (pipeline != null) sb.append("pipeline '").append(pipeline).append("'");
        if (driver != null) sb.append(sb.isEmpty() ? "" : ", ").append("driver '").append(driver).append("'");
        if (key != null) sb.append(sb.isEmpty() ? "" : ", ").append("key '").append(key).append("'");
        if (origin != null) sb.append(" (").append(origin).append(")");
        if (!sb.isEmpty()) sb.append(": ");
        return sb.append(message).toString();
    }
}
