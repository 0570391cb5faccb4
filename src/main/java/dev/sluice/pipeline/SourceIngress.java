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
    private volatile Route route;
    private volatile boolean started;
    private boolean stopped;
    private boolean initialized;
    private volatile long lastErrorLog = System.nanoTime() - 20_000_000_000L;

    private final Decoration decoration;

    /**
     * What a source sets on every message it posts: syslog-ng's {@code host-override} and
     * {@code program-override} (null keeps HOST and PROGRAM) and {@code tags}, to which
     * {@code .source.<name>} is added.
     */
    public record Decoration(String host, String program, List<String> tags) {
        public static final Decoration NONE = new Decoration(null, null, List.of());
    }

    public SourceIngress(String id, String name, Source source) {
        this(id, name, source, Decoration.NONE);
    }

    public SourceIngress(String id, String name, Source source, Decoration decoration) {
        this.id = id;
        this.name = name;
        this.source = source;
        List<String> tags = new java.util.ArrayList<>(decoration.tags());
        tags.add(".source." + name);
        this.decoration = new Decoration(decoration.host(), decoration.program(), List.copyOf(tags));
    }

    void attach(Route route) { this.route = route; }

    boolean attached() { return route != null; }

    @Override public String id() { return id; }
    @Override public String name() { return name; }
    @Override public boolean flowControl() { return route.flowControl(); }
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
        Route r = enterRoute();
        try {
            r.dispatch(List.of(message), acks);
        } finally {
            r.exit();
        }
    }

    @Override
    public void post(List<LogMessage> messages, Window window) {
        if (messages.isEmpty()) return;
        for (LogMessage m : messages) stamp(m);
        counters.received.add(messages.size());
        window.take(messages.size());
        Route r = enterRoute();
        try {
            r.dispatch(messages, window);
        } finally {
            r.exit();
        }
    }

    /**
     * The route to dispatch into, already counted as in flight on each of its paths. Counting first
     * and checking that it is still the source's route closes the gap in which a reload could move
     * the source and stop the old generation between the read and the count, leaving the batch in
     * a queue nobody drains.
     */
    private Route enterRoute() {
        while (true) {
            Route r = route;
            r.enter();
            if (r == route) return r;
            r.exit();
        }
    }

    private void stamp(LogMessage m) {
        if (decoration.host != null) m.setHost(decoration.host);
        if (decoration.program != null) m.setProgram(decoration.program);
        m.addTags(decoration.tags);
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
        if (initialized) return; // a shared source: every path that lists it asks
        source.init();
        initialized = true;
    }

    public synchronized void start() throws Exception {
        if (started) return; // a shared source: every path that lists it asks
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
