package dev.sluice.pipeline;

import dev.sluice.ack.AckOutcome;
import dev.sluice.ack.AckReceiver;
import dev.sluice.message.LogMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;

/**
 * Runs a pipeline's parsers on a thread of their own when one of them must not run on the
 * source's thread (Python never runs on a Netty event loop, and one thread per interpreter keeps
 * it from taking turns). Sources hand over whole batches. With flow control the sources' windows
 * bound the queue; without it, batches beyond {@code capacity} messages are dropped and counted.
 */
final class ParserWorker {
    private static final Logger log = LoggerFactory.getLogger(ParserWorker.class);

    private record Batch(List<LogMessage> messages, AckReceiver receiver) {}

    private final String pipeline;
    private final boolean flowControl;
    private final int capacity;
    private final BiConsumer<List<LogMessage>, AckReceiver> parseAndFanOut;
    private final BlockingQueue<Batch> queue = new LinkedBlockingQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final DriverCounters counters;
    private volatile boolean stopping;
    private Thread thread;

    ParserWorker(String pipeline, boolean flowControl, int capacity, DriverCounters counters,
                 BiConsumer<List<LogMessage>, AckReceiver> parseAndFanOut) {
        this.pipeline = pipeline;
        this.flowControl = flowControl;
        this.capacity = capacity;
        this.counters = counters;
        this.parseAndFanOut = parseAndFanOut;
    }

    void submit(List<LogMessage> messages, AckReceiver receiver) {
        if (!flowControl && queued.get() + messages.size() > capacity) {
            counters.drop("parser-queue-full", messages.size());
            for (LogMessage m : messages) m.receiver(receiver).settled(m.bookmark(), AckOutcome.DROPPED);
            return;
        }
        queued.addAndGet(messages.size());
        queue.add(new Batch(messages, receiver));
    }

    void start() {
        thread = Thread.ofPlatform().name("parsers-" + pipeline).daemon(true).start(this::run);
    }

    private void run() {
        while (true) {
            Batch b;
            try {
                b = queue.poll(200, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (b == null) {
                if (stopping) return;
                continue;
            }
            queued.addAndGet(-b.messages().size());
            try {
                parseAndFanOut.accept(b.messages(), b.receiver());
            } catch (Throwable t) { // ParserStage already contains parser failures; this is a bug guard
                log.error("Pipeline {}: parser thread failed on a batch of {} messages", pipeline, b.messages().size(), t);
            }
        }
    }

    /** Parses what is queued (sources are stopped), then ends. */
    void stop() {
        stopping = true;
        if (thread == null) return;
        try {
            thread.join(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
