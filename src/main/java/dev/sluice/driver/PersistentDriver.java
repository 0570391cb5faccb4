package dev.sluice.driver;

/**
 * A driver that keeps state (Python {@code Persist}, bookmarks) under a persist name. As in
 * syslog-ng, two drivers of one configuration may not share a name: their state would mix.
 */
public interface PersistentDriver {
    /** The name its state is kept under, known once the driver is initialised; null before. */
    String persistName();
}
