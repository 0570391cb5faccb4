package dev.sluice.ops;

import dev.sluice.message.ParseCounters;
import dev.sluice.pipeline.DestinationWorker;
import dev.sluice.pipeline.DriverCounters;
import dev.sluice.pipeline.HealthState;
import dev.sluice.pipeline.ParserStage;
import dev.sluice.pipeline.Pipeline;
import dev.sluice.pipeline.SourceIngress;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The drivers of the running pipelines as operators see them: kind, health and counters. */
record DriverView(String pipeline, String name, String kind, HealthState health, DriverCounters counters,
                  boolean listening, long queued, String problem, ParseCounters parseCounters) {

    /** A path filter is always up: it only counts (matched, filtered). */
    private static final HealthState FILTER_HEALTH = new HealthState();

    static List<DriverView> of(List<Pipeline> pipelines) {
        List<DriverView> out = new ArrayList<>();
        Set<SourceIngress> seen = new HashSet<>();
        for (Pipeline p : pipelines) {
            for (SourceIngress s : p.sources()) {
                if (!seen.add(s)) continue; // a shared source, already listed (under "sources")
                String home = s.id().substring(0, s.id().length() - s.name().length() - 1);
                out.add(new DriverView(home, s.name(), "source", s.health(), s.counters(), s.ready(), 0, null,
                        s.parseCounters()));
            }
            if (p.filterCounters() != null) {
                out.add(new DriverView(p.name(), "filter", "filter", FILTER_HEALTH, p.filterCounters(), true, 0, null, null));
            }
            for (ParserStage s : p.parsers()) {
                out.add(new DriverView(p.name(), s.id().substring(p.name().length() + 1), "parser", s.health(), s.counters(), true, 0, null, null));
            }
            for (DestinationWorker d : p.destinations()) {
                out.add(new DriverView(p.name(), d.id().substring(p.name().length() + 1), "destination", d.health(),
                        d.counters(), true, d.queued(), d.problem(), null));
            }
        }
        return out;
    }

    String id() { return pipeline + "." + name; }

    /** A source's parse outcomes (null for other kinds). */
    Map<String, Long> parse() {
        if (parseCounters == null) return null;
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("parsed", parseCounters.parsed.sum());
        m.put("malformed", parseCounters.malformed.sum());
        m.put("invalid-utf8", parseCounters.invalidUtf8.sum());
        m.put("truncated", parseCounters.truncated.sum());
        return m;
    }

    /** UP only when the driver is healthy, its queue can work and, for a source, it is listening (or running). */
    HealthState.Status status() {
        if (health.status() == HealthState.Status.UP && (!listening || problem != null)) return HealthState.Status.DOWN;
        return health.status();
    }

    /** What is wrong now, or else the last error seen. */
    String lastError() { return problem != null ? problem : health.lastError(); }

    Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", kind);
        m.put("state", status().name());
        m.put("since", health.since().toString());
        if (lastError() != null) m.put("lastError", lastError());
        if (health.lastErrorAt() != null) m.put("lastErrorAt", health.lastErrorAt().toString());
        if (kind.equals("source")) m.put("listening", listening);
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("received", counters.received.sum());
        c.put("processed", counters.processed.sum());
        c.put("written", counters.written.sum());
        c.put("retries", counters.retries.sum());
        c.put("errors", counters.errors.sum());
        if (kind.equals("filter") || counters.matched.sum() + counters.filtered.sum() > 0) {
            c.put("matched", counters.matched.sum());
            c.put("filtered", counters.filtered.sum());
        }
        c.put("busySeconds", counters.busyNanos.sum() / 1e9);
        c.put("dropped", counters.droppedByReason());
        if (kind.equals("destination")) c.put("queued", queued);
        m.put("counters", c);
        if (parseCounters != null) m.put("parse", parse());
        return m;
    }
}
