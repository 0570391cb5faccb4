package dev.sluice.ack;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts the deliveries a message still waits for. When the last destination acknowledges it,
 * the source that produced it is told, once, whether it was delivered or dropped somewhere.
 */
public final class AckHandle {
    private final AckReceiver receiver;
    private final Object bookmark;
    private final AtomicInteger pending;
    private volatile boolean dropped;

    public AckHandle(AckReceiver receiver, Object bookmark, int destinations) {
        this.receiver = receiver;
        this.bookmark = bookmark;
        this.pending = new AtomicInteger(destinations);
        if (destinations == 0) receiver.acknowledged(bookmark, AckOutcome.DELIVERED);
    }

    public void ack(AckOutcome outcome) {
        if (outcome == AckOutcome.DROPPED) dropped = true;
        if (pending.decrementAndGet() == 0) {
            receiver.acknowledged(bookmark, dropped ? AckOutcome.DROPPED : AckOutcome.DELIVERED);
        }
    }
}
