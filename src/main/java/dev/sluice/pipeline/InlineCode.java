package dev.sluice.pipeline;

import dev.sluice.config.ConfigError;

import java.util.Collection;
import java.util.List;

/** The inline Python of a configuration generation, as the pipeline manager sees it. */
public interface InlineCode {
    /** The code of the running generation. */
    String current();

    /** Compiles without running: the syntax errors, located. */
    List<ConfigError> check(String code);

    /** Runs the code as the next generation's (throws ConfigException when it raises). */
    void apply(String code);

    /**
     * Builds a dry run against {@code code} as the next generation's inline code, without running
     * it: classes that the build looks up in the inline code are looked up in {@code code} instead.
     */
    default <T> T dryRun(String code, java.util.function.Supplier<T> build) { return build.get(); }

    /** After a switch: what is kept per driver for the drivers not in {@code driverIds} (their interpreters) is freed. */
    default void retain(Collection<String> driverIds) {}

    InlineCode NONE = new InlineCode() {
        @Override public String current() { return ""; }
        @Override public List<ConfigError> check(String code) { return List.of(); }
        @Override public void apply(String code) {}
    };
}
