package dev.sluice.pipeline;

import dev.sluice.message.LogMessage;

import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A destination queue in memory, bounded by {@code log-fifo-size} unless flow control bounds it. */
final class MemoryQueue implements DestinationQueue {
    private final LinkedBlockingQueue<LogMessage> queue;

    MemoryQueue(int capacity) { this.queue = new LinkedBlockingQueue<>(capacity); }

    /** Unbounded with flow control (the sources' windows bound it), else {@code log-fifo-size}. */
    static MemoryQueue forDestination(boolean flowControl, DestinationWorker.Settings settings) {
        return new MemoryQueue(flowControl ? Integer.MAX_VALUE : settings.fifoSize());
    }

    @Override public boolean offer(LogMessage message) { return queue.offer(message); }

    @Override
    public LogMessage poll(long timeout, TimeUnit unit) throws InterruptedException { return queue.poll(timeout, unit); }

    @Override public void drainTo(List<LogMessage> out, int max) { queue.drainTo(out, max); }

    @Override public long size() { return queue.size(); }

    @Override public boolean durable() { return false; }
}
