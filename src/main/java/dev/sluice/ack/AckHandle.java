package dev.sluice.ack;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts the destinations a message still waits for. When the last one acknowledges it, the
 * source that produced it is told, once, whether it was delivered everywhere or dropped somewhere.
 * With flow control the message keeps its window slot until then; without it the slot comes back
 * as soon as every destination has queued it, so sources never wait (the queues drop instead),
 * while ack trackers still hear only of real deliveries.
 */
public final class AckHandle {
    private final AckReceiver receiver;
    private final Object bookmark;
    private final boolean releaseOnQueue;
    private final AtomicInteger unqueued;
    private final AtomicInteger pending;
    private volatile boolean dropped;

    public AckHandle(AckReceiver receiver, Object bookmark, int destinations, boolean flowControl) {
        this.receiver = receiver;
        this.bookmark = bookmark;
        this.releaseOnQueue = !flowControl;
        this.unqueued = new AtomicInteger(destinations);
        this.pending = new AtomicInteger(destinations);
        if (destinations == 0) receiver.settled(bookmark, AckOutcome.DELIVERED);
    }

    /** A destination has taken the message into its queue (or refused it, and acks it as dropped). */
    public void queued() {
        if (releaseOnQueue && unqueued.decrementAndGet() == 0) receiver.released();
    }

    public void ack(AckOutcome outcome) {
        if (outcome == AckOutcome.DROPPED) dropped = true;
        if (pending.decrementAndGet() == 0) {
            if (!releaseOnQueue) receiver.released();
            receiver.acknowledged(bookmark, dropped ? AckOutcome.DROPPED : AckOutcome.DELIVERED);
        }
    }
}
