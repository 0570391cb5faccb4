package dev.sluice.driver;

import dev.sluice.message.LogMessage;
import dev.sluice.message.ParseCounters;
import dev.sluice.pipeline.Window;

import java.util.List;

/** The pipeline as a source sees it. */
public interface SourceContext {
    String id();

    String name();

    boolean flowControl();

    /**
     * A window of in-flight messages: posting takes a slot, the message's final acknowledgement
     * returns it. With flow control off, destinations acknowledge on enqueue, so slots come back at once.
     */
    Window newWindow(int size);

    /** Runs the parsers and hands the message to every destination. Never blocks. */
    void post(LogMessage message, Window window);

    /** As {@link #post(LogMessage, Window)}, with acknowledgements going to {@code acks}, which must return the window slot. */
    void post(LogMessage message, Window window, dev.sluice.ack.AckReceiver acks);

    /** The same for many messages, with one hand-off per destination. */
    void post(List<LogMessage> messages, Window window);

    ParseCounters parseCounters();

    /** A message the source had to drop before posting it (window full, over-long, …). */
    void dropped(String reason);

    /** An error of the source: counted, logged, and its health DOWN until {@link #recovered()}. */
    void error(String message, Throwable cause);

    /** The source works again after an {@link #error}. */
    default void recovered() {}
}
