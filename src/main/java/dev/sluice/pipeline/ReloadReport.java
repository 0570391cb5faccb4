package dev.sluice.pipeline;

import java.util.List;

/**
 * What a reload did (or, for a dry run, would do): the generation it produced, and the drivers
 * (by id) that were added, rebuilt, removed or kept running as they were.
 */
public record ReloadReport(int reload, int generation, boolean dryRun, long millis, List<String> added,
                           List<String> changed, List<String> removed, List<String> kept) {}
