package dev.sluice.pipeline;

import dev.sluice.driver.Parser;
import dev.sluice.message.LogMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A parser in a pipeline with its counters; an exception drops the message and is counted, never escapes. */
public final class ParserStage {
    private static final Logger log = LoggerFactory.getLogger(ParserStage.class);

    private final String id;
    private final Parser parser;
    private final DriverCounters counters = new DriverCounters();
    private final HealthState health = new HealthState();
    private volatile long lastLog;

    public ParserStage(String id, Parser parser) {
        this.id = id;
        this.parser = parser;
    }

    public String id() { return id; }
    public Parser parser() { return parser; }
    public DriverCounters counters() { return counters; }
    public HealthState health() { return health; }

    boolean process(LogMessage msg) {
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

    void deinit() {
        try {
            parser.deinit();
        } catch (Throwable t) {
            log.warn("Parser {} deinit failed", id, t);
        }
    }
}
