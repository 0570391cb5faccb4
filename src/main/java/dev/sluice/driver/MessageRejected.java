package dev.sluice.driver;

/**
 * Thrown by {@link Destination#send} when this one message cannot be delivered while the
 * destination itself is fine (a file path that cannot be opened, a path that would leave its
 * directory): the message is dropped and counted under {@code reason}, the destination is not
 * closed, and the other messages of the batch are unaffected. {@code error} marks a failure that
 * also counts in {@code errors} and shows in health, as opposed to a refusal by rule.
 */
public final class MessageRejected extends Exception {
    private final String reason;
    private final boolean error;

    public MessageRejected(String reason, String detail, boolean error) {
        super(detail, null, false, false);
        this.reason = reason;
        this.error = error;
    }

    public String reason() { return reason; }

    public boolean error() { return error; }
}
