package dev.sluice.pipeline;

import dev.sluice.ack.AckHandle;
import dev.sluice.ack.AckOutcome;
import dev.sluice.ack.AckReceiver;
import dev.sluice.config.ConfigError;
import dev.sluice.driver.Destination;
import dev.sluice.filter.Filter;
import dev.sluice.message.LogMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sources → parsers → destinations. Parsers run on the posting source's thread, or on the
 * pipeline's parser thread when one of them needs it (Python); each destination has its own queue
 * and worker, so a slow destination holds up only its own queue (or, with flow control, the
 * sources feeding it).
 */
public final class Pipeline {
    private static final Logger log = LoggerFactory.getLogger(Pipeline.class);

    private final String name;
    private final boolean flowControl;
    private final List<ParserStage> parsers;
    private final List<SourceIngress> sources;
    private final List<DestinationWorker> destinations;
    private final ParserWorker parserWorker;
    private final DriverCounters parserQueue = new DriverCounters();
    private final Selection selection;
    /** The path filter's counters: matched and filtered. */
    private final DriverCounters filterCounters = new DriverCounters();
    /** How each of its sources reaches its paths in this generation; a source moves to it at the switch. */
    private Map<SourceIngress, Route> routes = new HashMap<>();
    /** Dispatches under way, so that a retired generation is only stopped once none is left. */
    private final AtomicInteger inFlight = new AtomicInteger();

    /**
     * What a path selects (syslog-ng's log path filter and flags): {@code filter} a message must
     * pass to be taken (null: every message), {@code isFinal}, {@code fallback}, and one filter per
     * destination (null entries take everything).
     */
    public record Selection(Filter filter, boolean isFinal, boolean fallback, List<Filter> destinationFilters) {
        public static final Selection ALL = new Selection(null, false, false, List.of());
    }

    public Pipeline(String name, boolean flowControl, List<ParserStage> parsers, List<SourceIngress> sources,
                    List<DestinationWorker> destinations) {
        this(name, flowControl, parsers, sources, destinations, Selection.ALL);
    }

    public Pipeline(String name, boolean flowControl, List<ParserStage> parsers, List<SourceIngress> sources,
                    List<DestinationWorker> destinations, Selection selection) {
        this.name = name;
        this.flowControl = flowControl;
        this.parsers = parsers;
        this.sources = sources;
        this.destinations = destinations;
        this.selection = selection;
        for (SourceIngress s : sources) {
            Route own = new Route(List.of(this), s.counters());
            routes.put(s, own);
            if (!s.attached()) s.attach(own); // carried-over sources move at the switch
        }
        boolean ownThread = parsers.stream().anyMatch(p -> p.parser().needsOwnThread() || p.instances().size() > 1);
        int threads = parsers.stream().mapToInt(p -> p.instances().size()).max().orElse(1);
        this.parserWorker = ownThread ? new ParserWorker(name, flowControl, 10_000, threads, parserQueue, this::parseAndFanOut) : null;
    }

    public String name() { return name; }
    Filter filter() { return selection.filter(); }
    boolean isFinal() { return selection.isFinal(); }
    boolean fallback() { return selection.fallback(); }
    /** The path filter's counters (matched, filtered); null when the path has no filter. */
    public DriverCounters filterCounters() { return selection.filter() == null ? null : filterCounters; }

    /** What the path filter passed and rejected of a batch (counted once per batch). */
    void countFilter(long matched, long filtered) {
        if (matched > 0) filterCounters.matched.add(matched);
        if (filtered > 0) filterCounters.filtered.add(filtered);
    }

    /** The routes of this generation, shared by its pipelines (a shared source reaches all its paths through one). */
    void useRoutes(Map<SourceIngress, Route> generationRoutes) { this.routes = generationRoutes; }
    public boolean flowControl() { return flowControl; }
    public List<SourceIngress> sources() { return sources; }
    public List<ParserStage> parsers() { return parsers; }
    public List<DestinationWorker> destinations() { return destinations; }
    /** Drops of the parser thread's queue (only without flow control, when parsers run on their own thread). */
    public DriverCounters parserQueueCounters() { return parserQueue; }

    /** Call between {@link #enter} and {@link #exit}, so that a retiring generation waits for it. */
    void dispatch(List<LogMessage> batch, AckReceiver receiver) {
        if (parserWorker != null) parserWorker.submit(batch, receiver);
        else parseAndFanOut(batch, receiver, 0);
    }

    /** Counts a dispatch under way; a generation being stopped waits until none is left. */
    void enter() { inFlight.incrementAndGet(); }

    void exit() { inFlight.decrementAndGet(); }

    /** Parses a batch on parser thread {@code worker} (0 on the source's thread) and hands it to the destinations. */
    private void parseAndFanOut(List<LogMessage> batch, AckReceiver receiver, int worker) {
        List<LogMessage> passed = parsers.isEmpty() ? batch : new ArrayList<>(batch.size());
        for (LogMessage msg : batch) {
            if (!parsers.isEmpty() && !parse(msg, msg.receiver(receiver), worker)) continue;
            if (selection.destinationFilters().isEmpty()) {
                msg.setAck(new AckHandle(msg.receiver(receiver), msg.bookmark(), destinations.size(), flowControl));
            }
            if (passed != batch) passed.add(msg);
        }
        if (selection.destinationFilters().isEmpty()) {
            for (DestinationWorker d : destinations) d.enqueueAll(passed);
        } else {
            fanOutFiltered(passed, receiver);
        }
    }

    /** Each destination takes what its filter passes; a message none takes is done (acknowledged as processed). */
    private void fanOutFiltered(List<LogMessage> passed, AckReceiver receiver) {
        List<Filter> filters = selection.destinationFilters();
        List<List<LogMessage>> taken = new ArrayList<>(destinations.size());
        for (int i = 0; i < destinations.size(); i++) taken.add(new ArrayList<>(passed.size()));
        for (LogMessage msg : passed) {
            int n = 0;
            for (int i = 0; i < destinations.size(); i++) {
                Filter f = filters.get(i);
                DriverCounters c = destinations.get(i).counters();
                if (f == null || f.matches(msg)) {
                    if (f != null) c.matched.increment();
                    taken.get(i).add(msg);
                    n++;
                } else {
                    c.filtered.increment();
                }
            }
            msg.setAck(new AckHandle(msg.receiver(receiver), msg.bookmark(), n, flowControl));
        }
        for (int i = 0; i < destinations.size(); i++) if (!taken.get(i).isEmpty()) destinations.get(i).enqueueAll(taken.get(i));
    }

    /** False when a parser dropped the message; it is then acknowledged as processed. */
    private boolean parse(LogMessage msg, AckReceiver receiver, int worker) {
        for (ParserStage p : parsers) {
            if (!p.process(msg, worker)) {
                receiver.settled(msg.bookmark(), AckOutcome.DELIVERED);
                return false;
            }
        }
        return true;
    }

    /** Calls init() of parsers and destinations (Python init(options)); returns what failed. */
    public List<ConfigError> initDrivers() {
        return initDrivers(Set.of());
    }

    /** The same, skipping destinations carried over from the previous generation (already initialised). */
    public List<ConfigError> initDrivers(Set<DestinationWorker> carriedOver) {
        List<ConfigError> errors = new ArrayList<>();
        for (ParserStage p : parsers) {
            try {
                p.init();
            } catch (Exception e) {
                errors.add(new ConfigError(name, driverName(p.id()), null, null, "init failed: " + e.getMessage()));
            }
        }
        for (DestinationWorker d : destinations) {
            if (carriedOver.contains(d)) continue;
            for (Destination instance : d.instances()) {
                try {
                    instance.init();
                } catch (Exception e) {
                    errors.add(new ConfigError(name, driverName(d.id()), null, null, "init failed: " + e.getMessage()));
                    break;
                }
            }
        }
        return errors;
    }

    /**
     * Prepares the sources (a Python source's object and init()) before any of them starts,
     * skipping those carried over; returns what failed.
     */
    public List<ConfigError> initSources(Set<SourceIngress> keptSources) {
        List<ConfigError> errors = new ArrayList<>();
        for (SourceIngress s : sources) {
            if (keptSources.contains(s)) continue;
            try {
                s.init();
            } catch (Exception e) {
                errors.add(new ConfigError(name, s.name(), null, null, "init failed: " + e.getMessage()));
            }
        }
        return errors;
    }

    String driverName(String id) { return id.substring(name.length() + 1); }

    public void startDestinations() {
        startDestinations(Set.of());
    }

    public void startDestinations(Set<DestinationWorker> alreadyRunning) {
        for (DestinationWorker d : destinations) if (!alreadyRunning.contains(d)) d.start();
        if (parserWorker != null) parserWorker.start();
    }

    /** Gives the source to this generation: its next messages go through this generation's paths. */
    void adopt(SourceIngress source) { source.attach(routes.get(source)); }

    /** Sources first, so that destinations can drain what is already in flight. */
    public void stop() {
        stopAll(List.of(this), Set.of(), Set.of());
    }

    /**
     * Stops pipelines together, except what a next generation carried over: every source first,
     * then dispatches under way finish, the parser threads drain, all destinations drain side by
     * side (one drain timeout in all), and parsers are closed. Used at shutdown and to retire a
     * generation after a reload.
     */
    static void stopAll(List<Pipeline> pipelines, Set<SourceIngress> keptSources, Set<DestinationWorker> keptDestinations) {
        for (Pipeline p : pipelines) for (SourceIngress s : p.sources) if (!keptSources.contains(s)) s.stop();
        long deadline = System.nanoTime() + 10_000_000_000L;
        for (Pipeline p : pipelines) while (p.inFlight.get() > 0 && System.nanoTime() < deadline) Thread.onSpinWait();
        for (Pipeline p : pipelines) if (p.parserWorker != null) p.parserWorker.stop();
        for (DestinationWorker d : draining(pipelines, keptDestinations)) d.beginStop();
        for (DestinationWorker d : draining(pipelines, keptDestinations)) d.awaitStop();
        for (Pipeline p : pipelines) {
            for (ParserStage s : p.parsers) s.deinit();
            log.info("Pipeline {} stopped", p.name);
        }
    }

    private static List<DestinationWorker> draining(List<Pipeline> pipelines, Set<DestinationWorker> kept) {
        return pipelines.stream().flatMap(p -> p.destinations.stream()).filter(d -> !kept.contains(d)).toList();
    }
}
