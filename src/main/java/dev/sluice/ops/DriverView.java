package dev.sluice.ops;

import dev.sluice.pipeline.DestinationWorker;
import dev.sluice.pipeline.DriverCounters;
import dev.sluice.pipeline.HealthState;
import dev.sluice.pipeline.ParserStage;
import dev.sluice.pipeline.Pipeline;
import dev.sluice.pipeline.SourceIngress;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The drivers of the running pipelines as operators see them: kind, health and counters. */
record DriverView(String pipeline, String name, String kind, HealthState health, DriverCounters counters,
                  boolean listening, long queued) {

    static List<DriverView> of(List<Pipeline> pipelines) {
        List<DriverView> out = new ArrayList<>();
        for (Pipeline p : pipelines) {
            for (SourceIngress s : p.sources()) {
                out.add(new DriverView(p.name(), s.name(), "source", s.health(), s.counters(), s.ready(), 0));
            }
            for (ParserStage s : p.parsers()) {
                out.add(new DriverView(p.name(), s.id().substring(p.name().length() + 1), "parser", s.health(), s.counters(), true, 0));
            }
            for (DestinationWorker d : p.destinations()) {
                out.add(new DriverView(p.name(), d.id().substring(p.name().length() + 1), "destination", d.health(),
                        d.counters(), true, d.queued()));
            }
        }
        return out;
    }

    String id() { return pipeline + "." + name; }

    /** UP only when the driver is healthy and, for a source, listening. */
    HealthState.Status status() {
        if (health.status() == HealthState.Status.UP && !listening) return HealthState.Status.DOWN;
        return health.status();
    }

    Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", kind);
        m.put("state", status().name());
        m.put("since", health.since().toString());
        if (health.lastError() != null) m.put("lastError", health.lastError());
        if (kind.equals("source")) m.put("listening", listening);
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("received", counters.received.sum());
        c.put("processed", counters.processed.sum());
        c.put("written", counters.written.sum());
        c.put("retries", counters.retries.sum());
        c.put("errors", counters.errors.sum());
        c.put("busySeconds", counters.busyNanos.sum() / 1e9);
        c.put("dropped", counters.droppedByReason());
        if (kind.equals("destination")) c.put("queued", queued);
        m.put("counters", c);
        return m;
    }
}
