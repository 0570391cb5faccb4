package dev.sluice.driver;

/**
 * Builds one type of driver from its configuration. Every factory is a Spring bean; its
 * {@link #type()} is the {@code type:} users write. Adding a driver means adding one factory bean.
 */
public interface DriverFactory<D> {
    String type();

    DriverRole role();

    /**
     * Reads the spec (recording errors on it, not throwing) and returns the driver, not yet started.
     * Must not bind ports or start threads: that happens when the pipeline starts.
     */
    D create(DriverSpec spec, DriverContext context);
}
