package dev.sluice.pipeline;

import dev.sluice.driver.Parser;
import dev.sluice.message.LogMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * A parser in a pipeline with its counters; an exception drops the message and is counted, never
 * escapes. With {@code workers: N} it has N instances, one per parser thread of the pipeline.
 */
public final class ParserStage {
    private static final Logger log = LoggerFactory.getLogger(ParserStage.class);

    private final String id;
    private final List<Parser> instances;
    private final DriverCounters counters = new DriverCounters();
    private final HealthState health = new HealthState();
    private volatile long lastLog;

    public ParserStage(String id, Parser parser) {
        this(id, List.of(parser));
    }

    public ParserStage(String id, List<Parser> instances) {
        this.id = id;
        this.instances = List.copyOf(instances);
    }

    public String id() { return id; }
    /** The first instance (the only one without {@code workers}). */
    public Parser parser() { return instances.get(0); }
    public List<Parser> instances() { return instances; }
    public DriverCounters counters() { return counters; }
    public HealthState health() { return health; }

    boolean process(LogMessage msg) { return process(msg, 0); }

    /** Parses on parser thread {@code worker}, with that thread's instance. */
    boolean process(LogMessage msg, int worker) {
        Parser parser = instances.get(worker % instances.size());
        counters.received.increment();
        long t0 = System.nanoTime();
        try {
            boolean filterStep = parser instanceof FilterStep;
            if (parser.process(msg)) {
                counters.processed.increment();
                if (filterStep) counters.matched.increment();
                health.ok();
                return true;
            }
            if (filterStep) counters.filtered.increment(); // selected out of this path, not a loss
            else counters.drop("parser-rejected");
            return false;
        } catch (Throwable t) {
            counters.errors.increment();
            counters.drop("parser-error");
            health.failed(t.toString());
            long now = System.nanoTime();
            if (now - lastLog > 10_000_000_000L) {
                lastLog = now;
                log.error("Parser {} failed; the message is dropped (logged once per 10 s, counted in errors)", id, t);
            }
            return false;
        } finally {
            counters.busyNanos.add(System.nanoTime() - t0);
        }
    }

    void init() throws Exception {
        for (Parser p : instances) p.init();
    }

    void deinit() {
        for (Parser p : instances) {
            try {
                p.deinit();
            } catch (Throwable t) {
                log.warn("Parser {} deinit failed", id, t);
            }
        }
    }
}
