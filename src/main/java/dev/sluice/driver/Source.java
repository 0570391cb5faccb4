package dev.sluice.driver;

/** Produces messages into a pipeline. */
public interface Source {
    /**
     * Prepares what must exist before any source of the generation starts (a Python driver's object,
     * its init() and persist name); throws if it cannot. Called again before a start that follows a stop.
     */
    default void init() throws Exception {}

    /** Binds, connects or starts threads; throws if it cannot (e.g. the port is taken). */
    void start(SourceContext context) throws Exception;

    /** Stops producing. When it returns, the source posts nothing more. */
    void stop();

    /**
     * Whether this source can start instead of {@code previous} (the same driver of the generation
     * a reload retires, whose settings changed) keeping what it holds open — a listener and its
     * connections — so that no sender is cut off. Otherwise the previous one is stopped and this one started.
     */
    default boolean canTakeOver(Source previous) { return false; }

    /** Starts instead of {@code previous}, when {@link #canTakeOver} said so; {@code previous.stop()} then leaves it all open. */
    default void takeOver(Source previous, SourceContext context) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot take over a running source");
    }

    /** Whether it is ready to receive (listening, connected); feeds readiness. */
    default boolean ready() { return true; }
}
