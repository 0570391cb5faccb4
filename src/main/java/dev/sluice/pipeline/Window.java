package dev.sluice.pipeline;

import dev.sluice.ack.AckOutcome;
import dev.sluice.ack.AckReceiver;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * syslog-ng's source window ({@code log-iw-size}): how many of a source's messages may be in
 * flight. Posting takes slots, acknowledgements return them. Blocking sources wait in
 * {@link #acquire()}; event-loop sources {@link #suspend} reading and get a callback on resume.
 */
public final class Window implements AckReceiver {
    private final int resumeAt;
    private final AtomicInteger free;
    private volatile boolean waiting;
    private Runnable resume;

    public Window(int size) {
        int slots = Math.max(1, size);
        this.resumeAt = Math.max(1, slots / 2);
        this.free = new AtomicInteger(slots);
    }


    public int free() { return free.get(); }

    public boolean exhausted() { return free.get() <= 0; }

    /** Takes n slots without waiting; the window may go negative by one batch. */
    public void take(int n) { free.addAndGet(-n); }

    /** Takes one slot if there is one. */
    public boolean tryTake() {
        int f;
        do {
            f = free.get();
            if (f <= 0) return false;
        } while (!free.compareAndSet(f, f - 1));
        return true;
    }

    /** Waits for a free slot and takes it. */
    public void acquire() throws InterruptedException {
        while (!tryTake()) {
            synchronized (this) {
                waiting = true;
                if (free.get() > 0) continue;
                wait(100);
            }
        }
    }

    /** Waits until a slot is free without taking it: the post that follows takes it. */
    public void awaitRoom() throws InterruptedException {
        acquire();
        release(1);
    }

    /**
     * Registers {@code onResume} to run once half the window is free again. Returns false (and
     * registers nothing) if the window already has room, so the caller keeps going.
     */
    public synchronized boolean suspend(Runnable onResume) {
        waiting = true;
        if (free.get() >= resumeAt) {
            waiting = false;
            return false;
        }
        resume = onResume;
        return true;
    }

    @Override
    public void released() {
        release(1);
    }

    @Override
    public void acknowledged(Object bookmark, AckOutcome outcome) {
        // a plain window only counts slots
    }

    public void release(int n) {
        int f = free.addAndGet(n);
        if (waiting && f >= 1) wake(f);
    }

    private void wake(int f) {
        Runnable r;
        synchronized (this) {
            if (resume != null && f < resumeAt) return;
            waiting = false;
            r = resume;
            resume = null;
            notifyAll();
        }
        if (r != null) r.run();
    }
}
