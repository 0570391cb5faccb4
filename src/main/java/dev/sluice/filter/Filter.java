package dev.sluice.filter;

import dev.sluice.message.LogMessage;

/** A compiled filter expression: whether a message passes it. Safe to share between threads. */
@FunctionalInterface
public interface Filter {
    boolean matches(LogMessage m);

    default Filter and(Filter other) { return m -> matches(m) && other.matches(m); }

    default Filter or(Filter other) { return m -> matches(m) || other.matches(m); }

    default Filter negate() { return m -> !matches(m); }
}
