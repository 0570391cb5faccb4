package dev.sluice.config;

import dev.sluice.driver.DriverSpec;

import java.util.List;

/**
 * One pipeline (a syslog-ng log path) as configured: its flags, its own drivers in the order
 * written, the shared sources ({@code sluice.sources}) it lists by name, and its {@code filter}.
 *
 * @param filter    the filter expression a message must pass to be taken by this path; null for none
 * @param isFinal   {@code flags: [final]}: what this path took goes to no later path
 * @param fallback  {@code flags: [fallback]}: only what no other path took
 */
public record PipelineConfig(String name, boolean flowControl, List<DriverSpec> sources, List<DriverSpec> parsers,
                             List<DriverSpec> destinations, List<String> sharedSources, ConfigNode filter,
                             boolean isFinal, boolean fallback) {

    public PipelineConfig(String name, boolean flowControl, List<DriverSpec> sources, List<DriverSpec> parsers,
                          List<DriverSpec> destinations) {
        this(name, flowControl, sources, parsers, destinations, List.of(), null, false, false);
    }
}
