package dev.sluice.pipeline;

import dev.sluice.ack.AckOutcome;
import dev.sluice.ack.AckReceiver;
import dev.sluice.message.LogMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs a pipeline's parsers on a thread of their own when one of them must not run on the
 * source's thread (Python never runs on a Netty event loop, and one thread per interpreter keeps
 * it from taking turns). Sources hand over whole batches. With flow control the sources' windows
 * bound the queue; without it, batches beyond {@code capacity} messages are dropped and counted.
 * With a parser's {@code workers: N}, N threads take batches from the one queue, each with its own
 * parser instances: batches then reach the destinations in the order they finish, not as received.
 */
final class ParserWorker {
    private static final Logger log = LoggerFactory.getLogger(ParserWorker.class);

    private record Batch(List<LogMessage> messages, AckReceiver receiver) {}

    private final String pipeline;
    private final boolean flowControl;
    private final int capacity;
    /** Parses a batch on parser thread n and hands it on. */
    interface BatchHandler {
        void handle(List<LogMessage> batch, AckReceiver receiver, int thread);
    }

    private final BatchHandler parseAndFanOut;
    private final int threads;
    private final BlockingQueue<Batch> queue = new LinkedBlockingQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final DriverCounters counters;
    private volatile boolean stopping;
    private final List<Thread> running = new ArrayList<>();

    ParserWorker(String pipeline, boolean flowControl, int capacity, int threads, DriverCounters counters,
                 BatchHandler parseAndFanOut) {
        this.pipeline = pipeline;
        this.threads = Math.max(1, threads);
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
        for (int i = 0; i < threads; i++) {
            int n = i;
            running.add(Thread.ofPlatform().name(threads == 1 ? "parsers-" + pipeline : "parsers-" + pipeline + "#" + n)
                    .daemon(true).start(() -> run(n)));
        }
    }

    private void run(int n) {
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
                parseAndFanOut.handle(b.messages(), b.receiver(), n);
            } catch (Throwable t) { // ParserStage already contains parser failures; this is a bug guard
                log.error("Pipeline {}: parser thread failed on a batch of {} messages", pipeline, b.messages().size(), t);
            }
        }
    }

    /** Parses what is queued (sources are stopped), then ends. */
    void stop() {
        stopping = true;
        try {
            for (Thread t : running) t.join(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
