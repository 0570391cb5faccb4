package dev.sluice.pipeline;

import dev.sluice.driver.DriverSpec;

/**
 * What a new configuration generation takes over from the running one instead of building anew:
 * a source or destination whose spec did not change keeps its listener and connections, or its
 * queue, disk buffer and connection. Null means "build it".
 */
public interface Carryover {
    Carryover NONE = new Carryover() {
        @Override public SourceIngress source(DriverSpec spec, boolean flowControl) { return null; }
        @Override public DestinationWorker destination(DriverSpec spec, boolean flowControl) { return null; }
        @Override public boolean dryRun() { return false; }
    };

    SourceIngress source(DriverSpec spec, boolean flowControl);

    DestinationWorker destination(DriverSpec spec, boolean flowControl);

    /** Parsers are always built anew (they hold no queue); this only tells the carry-over they exist. */
    default void parser(DriverSpec spec, boolean flowControl) {}

    /** Validate only: build nothing that holds resources (disk buffers stay closed). */
    boolean dryRun();
}
