package dev.sluice.pipeline;

import dev.sluice.message.LogMessage;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Where a destination's messages wait for its worker: in memory, or in a disk buffer. The
 * worker acknowledges each message it takes out once it is delivered or dropped.
 */
public interface DestinationQueue {
    /** Takes a message from the pipeline; false when it is full and the message must be dropped. */
    boolean offer(LogMessage message);

    LogMessage poll(long timeout, TimeUnit unit) throws InterruptedException;

    void drainTo(List<LogMessage> out, int max);

    /** Messages waiting in the queue. */
    long size();

    default boolean isEmpty() { return size() == 0; }

    /** True when what is still queued at shutdown is kept for the next start instead of dropped. */
    boolean durable();

    /** Why the queue cannot take or keep messages right now (a disk buffer on a full disk), or null when it can. */
    default String problem() { return null; }

    /** Stops accepting messages; a durable queue finishes writing what it took. */
    default void close() {}
}
