package dev.sluice.ack;

/** How a message left the pipeline: delivered (or made durable) by every destination, or dropped by one. */
public enum AckOutcome { DELIVERED, DROPPED }
