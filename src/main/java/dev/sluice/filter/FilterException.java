package dev.sluice.filter;

/** A filter expression that does not compile; the message says where (column, 1-based) and why. */
public final class FilterException extends RuntimeException {
    public FilterException(String message) { super(message); }
}
