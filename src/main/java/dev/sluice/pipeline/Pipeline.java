package dev.sluice.pipeline;

import dev.sluice.ack.AckHandle;
import dev.sluice.ack.AckOutcome;
import dev.sluice.ack.AckReceiver;
import dev.sluice.config.ConfigError;
import dev.sluice.driver.Destination;
import dev.sluice.message.LogMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

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
    /** Dispatches under way, so that a retired generation is only stopped once none is left. */
    private final java.util.concurrent.atomic.AtomicInteger inFlight = new java.util.concurrent.atomic.AtomicInteger();

    public Pipeline(String name, boolean flowControl, List<ParserStage> parsers, List<SourceIngress> sources,
                    List<DestinationWorker> destinations) {
        this.name = name;
        this.flowControl = flowControl;
        this.parsers = parsers;
        this.sources = sources;
        this.destinations = destinations;
        for (SourceIngress s : sources) if (!s.attached()) s.attach(this); // carried-over sources move at the switch
        boolean ownThread = parsers.stream().anyMatch(p -> p.parser().needsOwnThread());
        this.parserWorker = ownThread ? new ParserWorker(name, flowControl, 10_000, parserQueue, this::parseAndFanOut) : null;
    }

    public String name() { return name; }
    public boolean flowControl() { return flowControl; }
    public List<SourceIngress> sources() { return sources; }
    public List<ParserStage> parsers() { return parsers; }
    public List<DestinationWorker> destinations() { return destinations; }
    /** Drops of the parser thread's queue (only without flow control, when parsers run on their own thread). */
    public DriverCounters parserQueueCounters() { return parserQueue; }

    void dispatch(LogMessage msg, AckReceiver receiver) {
        dispatch(List.of(msg), receiver);
    }

    void dispatch(List<LogMessage> batch, AckReceiver receiver) {
        inFlight.incrementAndGet();
        try {
            if (parserWorker != null) parserWorker.submit(batch, receiver);
            else parseAndFanOut(batch, receiver);
        } finally {
            inFlight.decrementAndGet();
        }
    }

    private void parseAndFanOut(List<LogMessage> batch, AckReceiver receiver) {
        List<LogMessage> passed = parsers.isEmpty() ? batch : new ArrayList<>(batch.size());
        for (LogMessage msg : batch) {
            if (!parsers.isEmpty() && !parse(msg, receiver)) continue;
            msg.setAck(new AckHandle(receiver, msg.bookmark(), destinations.size(), flowControl));
            if (passed != batch) passed.add(msg);
        }
        for (DestinationWorker d : destinations) d.enqueueAll(passed);
    }

    /** False when a parser dropped the message; it is then acknowledged as processed. */
    private boolean parse(LogMessage msg, AckReceiver receiver) {
        for (ParserStage p : parsers) {
            if (!p.process(msg)) {
                receiver.settled(msg.bookmark(), AckOutcome.DELIVERED);
                return false;
            }
        }
        return true;
    }

    /** Drains them side by side, so shutdown takes one drain timeout, not one per destination. */
    private static void stopDestinations(List<DestinationWorker> list) {
        for (DestinationWorker d : list) d.beginStop();
        for (DestinationWorker d : list) d.awaitStop();
    }

    /** Calls init() of parsers and destinations (Python init(options)); returns what failed. */
    public List<ConfigError> initDrivers() {
        return initDrivers(java.util.Set.of());
    }

    /** The same, skipping destinations carried over from the previous generation (already initialised). */
    public List<ConfigError> initDrivers(java.util.Set<DestinationWorker> carriedOver) {
        List<ConfigError> errors = new ArrayList<>();
        for (ParserStage p : parsers) {
            try {
                p.parser().init();
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

    private String driverName(String id) { return id.substring(name.length() + 1); }

    public void startDestinations() {
        startDestinations(java.util.Set.of());
    }

    public void startDestinations(java.util.Set<DestinationWorker> alreadyRunning) {
        for (DestinationWorker d : destinations) if (!alreadyRunning.contains(d)) d.start();
        if (parserWorker != null) parserWorker.start();
    }

    /** Gives the source to this pipeline: its next messages go through this generation's parsers and destinations. */
    void adopt(SourceIngress source) { source.attach(this); }

    /**
     * Stops this generation after its sources moved on or stopped, leaving alone what the next
     * generation carried over: waits for dispatches under way, drains the parser thread, then stops
     * (and drains) the destinations that were not carried over.
     */
    void retire(java.util.Set<SourceIngress> keptSources, java.util.Set<DestinationWorker> keptDestinations) {
        for (SourceIngress s : sources) if (!keptSources.contains(s)) s.stop();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (inFlight.get() > 0 && System.nanoTime() < deadline) Thread.onSpinWait();
        if (parserWorker != null) parserWorker.stop();
        stopDestinations(destinations.stream().filter(d -> !keptDestinations.contains(d)).toList());
        for (ParserStage p : parsers) p.deinit();
        log.info("Pipeline {}: previous generation retired", name);
    }

    /** Sources first, so that destinations can drain what is already in flight. */
    public void stop() {
        stopAll(List.of(this));
    }

    /**
     * Stops pipelines together: every source first, then the parser threads drain, then all
     * destinations drain side by side (one drain timeout in all), then parsers are closed.
     */
    static void stopAll(List<Pipeline> pipelines) {
        for (Pipeline p : pipelines) for (SourceIngress s : p.sources) s.stop();
        for (Pipeline p : pipelines) if (p.parserWorker != null) p.parserWorker.stop();
        stopDestinations(pipelines.stream().flatMap(p -> p.destinations.stream()).toList());
        for (Pipeline p : pipelines) {
            for (ParserStage s : p.parsers) s.deinit();
            log.info("Pipeline {} stopped", p.name);
        }
    }
}
