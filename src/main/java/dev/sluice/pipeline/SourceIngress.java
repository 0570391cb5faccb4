package dev.sluice.pipeline;

import dev.sluice.ack.AckReceiver;
import dev.sluice.driver.Source;
import dev.sluice.driver.SourceContext;
import dev.sluice.message.LogMessage;
import dev.sluice.message.ParseCounters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** A source in a pipeline: what the source sees of the pipeline, and its counters and health. */
public final class SourceIngress implements SourceContext {
    private static final Logger log = LoggerFactory.getLogger(SourceIngress.class);

    private final String id;
    private final String name;
    private final Source source;
    private final DriverCounters counters = new DriverCounters();
    private final ParseCounters parseCounters = new ParseCounters();
    private final HealthState health = new HealthState();
    private final AtomicLong seqnum = new AtomicLong();
    private volatile Pipeline pipeline;
    private volatile boolean started;
    private boolean stopped;
    private boolean initialized;
    private volatile long lastErrorLog = System.nanoTime() - 20_000_000_000L;

    private final Overrides overrides;

    /** syslog-ng's {@code host-override} and {@code program-override}: HOST and PROGRAM of every message it posts; null keeps them. */
    public record Overrides(String host, String program) {
        public static final Overrides NONE = new Overrides(null, null);
    }

    public SourceIngress(String id, String name, Source source) {
        this(id, name, source, Overrides.NONE);
    }

    public SourceIngress(String id, String name, Source source, Overrides overrides) {
        this.id = id;
        this.name = name;
        this.source = source;
        this.overrides = overrides;
    }

    void attach(Pipeline pipeline) { this.pipeline = pipeline; }

    boolean attached() { return pipeline != null; }

    @Override public String id() { return id; }
    @Override public String name() { return name; }
    @Override public boolean flowControl() { return pipeline.flowControl(); }
    @Override public ParseCounters parseCounters() { return parseCounters; }
    public Source source() { return source; }
    public DriverCounters counters() { return counters; }
    public HealthState health() { return health; }
    public boolean ready() { return started && source.ready(); }

    @Override
    public Window newWindow(int size) { return new Window(size); }

    @Override
    public void post(LogMessage message, Window window) {
        post(message, window, window);
    }

    @Override
    public void post(LogMessage message, Window window, AckReceiver acks) {
        stamp(message);
        counters.received.increment();
        window.take(1);
        Pipeline p = enterPipeline();
        try {
            p.dispatch(message, acks);
        } finally {
            p.exit();
        }
    }

    @Override
    public void post(List<LogMessage> messages, Window window) {
        if (messages.isEmpty()) return;
        for (LogMessage m : messages) stamp(m);
        counters.received.add(messages.size());
        window.take(messages.size());
        Pipeline p = enterPipeline();
        try {
            p.dispatch(messages, window);
        } finally {
            p.exit();
        }
    }

    /**
     * The pipeline to dispatch into, already counted as in flight. Counting first and checking that
     * it is still the source's pipeline closes the gap in which a reload could move the source and
     * stop the old generation between the read and the count, leaving the batch in a queue nobody drains.
     */
    private Pipeline enterPipeline() {
        while (true) {
            Pipeline p = pipeline;
            p.enter();
            if (p == pipeline) return p;
            p.exit();
        }
    }

    private void stamp(LogMessage m) {
        if (overrides.host != null) m.setHost(overrides.host);
        if (overrides.program != null) m.setProgram(overrides.program);
        m.setSourceName(name);
        m.setSeqnum(seqnum.incrementAndGet());
    }

    @Override
    public void dropped(String reason) { counters.drop(reason); }

    @Override
    public void error(String message, Throwable cause) {
        counters.errors.increment();
        health.failed(message + (cause == null ? "" : ": " + cause));
        long now = System.nanoTime();
        if (now - lastErrorLog > 10_000_000_000L) { // once per burst; every one is counted
            lastErrorLog = now;
            log.error("Source {}: {}", id, message, cause);
        }
    }

    @Override
    public void recovered() { health.ok(); }

    /** Whether this (changed) source can continue what {@code old} holds open instead of a stop and a start. */
    boolean canTakeOver(SourceIngress old) { return source.canTakeOver(old.source); }

    void takeOver(SourceIngress old) {
        source.takeOver(old.source, this);
        started = true;
    }

    /** Prepares the source before any source starts; a start after a stop prepares it again. */
    public synchronized void init() throws Exception {
        source.init();
        initialized = true;
    }

    public synchronized void start() throws Exception {
        if (!initialized) init();
        source.start(this);
        stopped = false;
        started = true;
    }

    /** Stops once: a reload stops a retiring source, then its old pipeline, which must not deinit it twice. */
    public synchronized void stop() {
        if (stopped) return;
        stopped = true;
        health.stopping();
        try {
            source.stop();
        } catch (Throwable t) {
            log.warn("Source {} stop failed", id, t);
        }
        started = false;
        initialized = false;
    }
}
