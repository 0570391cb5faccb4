package dev.sluice.config;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Prints every configuration error at start-up instead of a stack trace. */
public class ConfigFailureAnalyzer extends AbstractFailureAnalyzer<ConfigException> {
    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, ConfigException cause) {
        return new FailureAnalysis(cause.getMessage(),
                "Fix the configuration (see README, 'Configuration reference') and start again.", cause);
    }
}
