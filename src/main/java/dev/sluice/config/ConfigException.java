package dev.sluice.config;

import java.util.List;
import java.util.stream.Collectors;

/** The configuration is invalid; carries every error found, not just the first. */
public class ConfigException extends RuntimeException {
    private final List<ConfigError> errors;

    public ConfigException(List<ConfigError> errors) {
        super(errors.size() == 1 ? "Invalid Sluice configuration: " + errors.get(0)
                : "Invalid Sluice configuration (" + errors.size() + " errors):\n  - "
                + errors.stream().map(ConfigError::toString).collect(Collectors.joining("\n  - ")));
        this.errors = List.copyOf(errors);
    }

    public ConfigException(ConfigError error) { this(List.of(error)); }

    public List<ConfigError> errors() { return errors; }
}
