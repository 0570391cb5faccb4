package dev.sluice.pipeline;

import java.time.Instant;

/**
 * A driver's health as operators see it: up, or down with the last error and since when. Errors
 * that do not stop the driver (one message that could not be written) are kept as the last error
 * with their time, the status unchanged.
 */
public final class HealthState {
    public enum Status { UP, DOWN, OUT_OF_SERVICE }

    private volatile Status status = Status.UP;
    private volatile String lastError;
    private volatile Instant since = Instant.now();
    private volatile Instant lastErrorAt;

    public Status status() { return status; }
    public String lastError() { return lastError; }
    public Instant since() { return since; }
    public Instant lastErrorAt() { return lastErrorAt; }
    public boolean isUp() { return status == Status.UP; }

    /** Records an error that leaves the driver working. */
    public void error(String error) {
        lastError = error;
        lastErrorAt = Instant.now();
    }

    public void ok() {
        if (status != Status.UP) {
            status = Status.UP;
            since = Instant.now();
        }
    }

    public void failed(String error) {
        error(error);
        if (status == Status.UP) {
            status = Status.DOWN;
            since = Instant.now();
        }
    }

    public void stopping() {
        status = Status.OUT_OF_SERVICE;
        since = Instant.now();
    }
}
