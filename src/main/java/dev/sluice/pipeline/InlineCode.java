package dev.sluice.pipeline;

import dev.sluice.config.ConfigError;

import java.util.List;

/** The inline Python of a configuration generation, as the pipeline manager sees it. */
public interface InlineCode {
    /** The code of the running generation. */
    String current();

    /** Compiles without running: the syntax errors, located. */
    List<ConfigError> check(String code);

    /** Runs the code as the next generation's (throws ConfigException when it raises). */
    void apply(String code);

    InlineCode NONE = new InlineCode() {
        @Override public String current() { return ""; }
        @Override public List<ConfigError> check(String code) { return List.of(); }
        @Override public void apply(String code) {}
    };
}
