package dev.sluice.ack;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * One message that several log paths took: each path acknowledges its own copy, and the source
 * hears once, when every path is done — released when the last path lets go of its window slot
 * (so flow control on any path holds the source), acknowledged as dropped if any path dropped it.
 */
public final class JoinedAck implements AckReceiver {
    private final AckReceiver source;
    private final AtomicInteger unreleased;
    private final AtomicInteger pending;
    private volatile boolean dropped;

    public JoinedAck(AckReceiver source, int paths) {
        this.source = source;
        this.unreleased = new AtomicInteger(paths);
        this.pending = new AtomicInteger(paths);
    }

    @Override
    public void released() {
        if (unreleased.decrementAndGet() == 0) source.released();
    }

    @Override
    public void acknowledged(Object bookmark, AckOutcome outcome) {
        if (outcome == AckOutcome.DROPPED) dropped = true;
        if (pending.decrementAndGet() == 0) source.acknowledged(bookmark, dropped ? AckOutcome.DROPPED : AckOutcome.DELIVERED);
    }
}
