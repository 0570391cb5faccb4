package dev.sluice.pipeline;

import java.time.Instant;

/** A driver's health as operators see it: up, or down with the last error and since when. */
public final class HealthState {
    public enum Status { UP, DOWN, OUT_OF_SERVICE }

    private volatile Status status = Status.UP;
    private volatile String lastError;
    private volatile Instant since = Instant.now();

    public Status status() { return status; }
    public String lastError() { return lastError; }
    public Instant since() { return since; }
    public boolean isUp() { return status == Status.UP; }

    public void ok() {
        if (status != Status.UP) {
            status = Status.UP;
            since = Instant.now();
        }
    }

    public void failed(String error) {
        lastError = error;
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
