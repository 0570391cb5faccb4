package dev.sluice.driver;

import dev.sluice.message.LogMessage;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;

/**
 * Delivers messages; called from its own worker thread only. The result codes are syslog-ng's:
 * the worker retries ERROR up to {@code retries} times, reopens after NOT_CONNECTED and DROP (after
 * {@code time-reopen}), calls {@link #flush()} every {@code batch-lines} sends and once at shutdown, and acks
 * QUEUED messages once {@link #flush()} succeeds. Before any {@link #close()} the worker flushes what
 * was QUEUED or, if that fails, rewinds it to send again, so close() may discard what it buffered.
 * An exception counts as ERROR (and in {@code errors}); {@link MessageRejected} fails one message only.
 */
public interface Destination {
    /** RETRY: send the same message again at once (three in a row count as NOT_CONNECTED). */
    enum Result { SUCCESS, QUEUED, ERROR, DROP, NOT_CONNECTED, RETRY }

    /** Called before the worker starts; failure fails the pipeline start (or the reload). */
    default void init() throws Exception {}

    /** Connects; false (or an exception) means retry after {@code time-reopen}. */
    default boolean open() throws Exception { return true; }

    Result send(LogMessage message) throws Exception;

    /** Makes QUEUED messages durable or delivered; anything but SUCCESS leaves them unacknowledged. */
    default Result flush() throws Exception { return Result.SUCCESS; }

    /**
     * Whether the worker may flush in the background ({@link #flushInBackground()}): for a
     * destination whose flush is a round trip (an HTTP request), the next batch is sent meanwhile.
     */
    default boolean flushesInBackground() { return false; }

    /**
     * Starts flushing what is QUEUED and returns at once; the worker keeps one such flush in flight,
     * waits for its answer before the next flush or any {@link #close()}, and settles the batches in
     * order. Its answer means what {@link #flush()}'s result means. The default flushes now.
     */
    default Future<Result> flushInBackground() throws Exception { return CompletableFuture.completedFuture(flush()); }

    /**
     * Whether {@link #flush()} is called after every round of sends even when nothing was QUEUED, as
     * syslog-ng calls a Python destination's flush(); otherwise only QUEUED messages make it due.
     */
    default boolean flushesEveryRound() { return false; }

    /**
     * Whether what is QUEUED should be flushed now, before {@code batch-lines} sends (a destination
     * with its own size limit, such as {@code batch-bytes}).
     */
    default boolean batchFull() { return false; }

    /** Why the last NOT_CONNECTED happened, for health and logs (null: no more than "disconnected"). */
    default String disconnectReason() { return null; }

    /** Why the last DROP happened, as the {@code dropped{reason}} counter names it. */
    default String dropReason() { return "destination"; }

    /**
     * Where the destination counts messages it drops itself inside a successful flush (items a bulk
     * API refused one by one); called once before the worker starts.
     */
    default void dropCounter(DropCounter counter) {}

    /** Counts dropped messages under a reason. */
    @FunctionalInterface
    interface DropCounter {
        void drop(String reason, int messages);
    }

    /** Disconnects, dropping what it buffered (the worker has rewound it); {@link #open()} may be called again. */
    default void close() {}

    /** Final teardown at stop. */
    default void deinit() {}
}
