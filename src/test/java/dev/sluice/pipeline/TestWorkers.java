package dev.sluice.pipeline;

import dev.sluice.driver.Destination;

import java.time.Duration;
import java.util.List;

/** Destination workers for tests in other packages: an in-memory queue, batches of 100, quick reopen. */
public final class TestWorkers {
    private TestWorkers() {}

    public static DestinationWorker inMemory(String id, Destination destination) {
        var settings = new DestinationWorker.Settings(1_000_000, 100, Duration.ofMillis(20), 3, Duration.ofMillis(50), Duration.ofSeconds(5));
        return new DestinationWorker(id, List.of(destination), settings, new MemoryQueue(Integer.MAX_VALUE), new DriverCounters());
    }
}
