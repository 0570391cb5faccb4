package dev.sluice.ack;

/** The source side of acknowledgements: releases window slots, feeds ack trackers. */
@FunctionalInterface
public interface AckReceiver {
    /** Called once per message, from whichever destination thread acknowledged it last. */
    void acknowledged(Object bookmark, AckOutcome outcome);
}
