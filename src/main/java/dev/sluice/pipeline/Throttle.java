package dev.sluice.pipeline;

import java.util.concurrent.TimeUnit;

/**
 * A destination's {@code throttle}: at most {@code rate} messages a second, as syslog-ng's
 * throttle(), in bursts of up to one second's worth. Messages wait their turn in the queue (so,
 * with flow control, the sources slow down); none is dropped for it.
 */
final class Throttle {
    private final int rate;
    private double tokens;
    private long last = System.nanoTime();

    Throttle(int rate) {
        this.rate = rate;
        this.tokens = rate;
    }

    /** Lets up to {@code max} messages go now; returns how many may (0: none yet). */
    synchronized int take(int max) {
        refill();
        int n = (int) Math.min(max, Math.floor(tokens));
        tokens -= n;
        return n;
    }

    /** Returns what a round took but did not send. */
    synchronized void giveBack(int n) {
        tokens = Math.min(rate, tokens + n);
    }

    /** Waits until the next message may go, at most 200 ms (so that a stop is seen). */
    void awaitNext() throws InterruptedException {
        long wait;
        synchronized (this) {
            refill();
            wait = tokens >= 1 ? 0 : (long) ((1 - tokens) * 1e9 / rate);
        }
        if (wait > 0) TimeUnit.NANOSECONDS.sleep(Math.min(wait, 200_000_000L));
    }

    private void refill() {
        long now = System.nanoTime();
        tokens = Math.min(rate, tokens + (now - last) * (double) rate / 1e9);
        last = now;
    }
}
