package dev.sluice.driver;

import dev.sluice.message.LogMessage;

/** Changes or enriches a message on the source's thread. */
public interface Parser {
    /** Returns false to drop the message (it is acknowledged as processed, like syslog-ng). */
    boolean process(LogMessage message) throws Exception;

    default void init() throws Exception {}

    default void deinit() {}

    /** True when it must not run on the source's thread (e.g. a Netty event loop), so the pipeline gives the parsers a thread. */
    default boolean needsOwnThread() { return false; }
}
