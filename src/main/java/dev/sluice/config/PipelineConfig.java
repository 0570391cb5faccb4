package dev.sluice.config;

import dev.sluice.driver.DriverSpec;

import java.util.List;

/** One pipeline as configured: its flags and its drivers, in the order written. */
public record PipelineConfig(String name, boolean flowControl, List<DriverSpec> sources, List<DriverSpec> parsers,
                             List<DriverSpec> destinations) {}
