package dev.sluice.ack;

/** The source side of acknowledgements: window slots come back, ack trackers learn what was delivered. */
public interface AckReceiver {
    /** The message no longer holds a slot of its source's window. */
    void released();

    /** Every destination is done with the message: delivered (or made durable), or dropped by one. */
    void acknowledged(Object bookmark, AckOutcome outcome);

    /** Both at once, for a message that leaves the pipeline before reaching a destination. */
    default void settled(Object bookmark, AckOutcome outcome) {
        released();
        acknowledged(bookmark, outcome);
    }
}
