package dev.sluice.driver;

/** Produces messages into a pipeline. */
public interface Source {
    /** Binds, connects or starts threads; throws if it cannot (e.g. the port is taken). */
    void start(SourceContext context) throws Exception;

    /** Stops producing. When it returns, the source posts nothing more. */
    void stop();

    /** Whether it is ready to receive (listening, connected); feeds readiness. */
    default boolean ready() { return true; }
}
