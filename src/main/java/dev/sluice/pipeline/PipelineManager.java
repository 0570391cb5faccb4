package dev.sluice.pipeline;

import dev.sluice.config.ConfigError;
import dev.sluice.config.ConfigException;
import dev.sluice.config.DriverAliases;
import dev.sluice.config.SluiceConfig;
import dev.sluice.driver.DriverSpec;
import dev.sluice.driver.Listener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Owns the running pipelines, one configuration generation at a time. Builds (and so validates)
 * the first generation when created, so that a bad configuration stops the service before anything
 * binds; starts destinations before sources and stops sources before destinations.
 *
 * <p>A reload builds the next generation beside the running one, carrying over every source and
 * destination whose spec did not change (listeners, connections, queues and disk buffers stay as
 * they are), starts what is new, moves the sources over, and only then retires what is left of the
 * old generation, whose queues drain first. A configuration that does not validate, a driver whose
 * init() fails or a source that cannot bind leaves the running generation as it was.
 */
public final class PipelineManager implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(PipelineManager.class);
    /** {@code $(python name)} without a module: a function of the inline code. */
    private static final Pattern INLINE_TEMPLATE_FUNCTION = Pattern.compile("\\$\\(python\\s+[A-Za-z_][A-Za-z0-9_]*[\\s)]");

    private final PipelineFactory factory;
    private final InlineCode inline;
    private volatile List<Pipeline> pipelines;
    private Map<String, Object> fingerprints = new HashMap<>();
    private volatile int generation = 1;
    private int reloads;
    private volatile boolean running;
    private boolean validateOnly;

    /** Takes pipelines already built, and so validated, by {@link PipelineFactory} (no reloads). */
    public PipelineManager(List<Pipeline> pipelines) {
        this.factory = null;
        this.inline = InlineCode.NONE;
        this.pipelines = pipelines;
    }

    /** Builds the first generation; throws ConfigException with every error. */
    public PipelineManager(PipelineFactory factory, SluiceConfig config, DriverAliases aliases, InlineCode inline) {
        this.factory = factory;
        this.inline = inline;
        Generation first = new Generation(false);
        this.pipelines = factory.build(config, aliases, first);
        this.fingerprints = first.fingerprints;
    }

    /** Builds the configuration as a dry run (nothing opened, nothing bound) for {@code --validate}; never starts. */
    public static PipelineManager validateOnly(PipelineFactory factory, SluiceConfig config, DriverAliases aliases) {
        PipelineManager m = new PipelineManager(List.of());
        m.validateOnly = true;
        factory.build(config, aliases, m.new Generation(true));
        return m;
    }

    public List<Pipeline> pipelines() { return pipelines; }

    public int generation() { return generation; }

    public Pipeline pipeline(String name) {
        for (Pipeline p : pipelines) if (p.name().equals(name)) return p;
        return null;
    }

    @Override
    public synchronized void start() {
        List<ConfigError> errors = new ArrayList<>();
        for (Pipeline p : pipelines) errors.addAll(p.initDrivers());
        if (errors.isEmpty()) for (Pipeline p : pipelines) errors.addAll(p.initSources(Set.of()));
        errors.addAll(PersistNames.conflicts(pipelines));
        if (errors.isEmpty()) for (Pipeline p : pipelines) p.startDestinations();
        for (Pipeline p : errors.isEmpty() ? pipelines : List.<Pipeline>of()) {
            for (SourceIngress s : p.sources()) {
                try {
                    s.start();
                } catch (Exception e) {
                    errors.add(startFailure(p, s, e));
                }
            }
        }
        if (!errors.isEmpty()) {
            stopAll();
            throw new ConfigException(errors);
        }
        running = true;
        log.info("Started {} pipeline(s): {}", pipelines.size(), pipelines.stream().map(Pipeline::name).toList());
    }

    /**
     * Validates {@code config} and, unless {@code dryRun}, makes it the running generation.
     * Throws ConfigException (with every error) when it is refused; the running generation is then untouched.
     */
    public synchronized ReloadReport reload(SluiceConfig config, DriverAliases aliases, boolean dryRun) {
        if (factory == null) throw new IllegalStateException("this manager was built without a factory and cannot reload");
        long t0 = System.nanoTime();
        int number = ++reloads;
        boolean inlineChanged = !Objects.equals(inline.current(), config.pythonCode());
        List<ConfigError> errors = new ArrayList<>(inline.check(config.pythonCode()));
        if (!errors.isEmpty()) throw new ConfigException(errors);
        Generation next = new Generation(dryRun);
        next.inlineChanged = inlineChanged;
        if (dryRun) {
            inline.dryRun(config.pythonCode(), () -> factory.build(config, aliases, next));
            return report(number, next, true, t0);
        }
        // As syslog-ng: the inline code runs again at every reload, changed or not, with fresh globals.
        inline.apply(config.pythonCode());
        List<Pipeline> built = factory.build(config, aliases, next);
        List<Pipeline> old = pipelines;

        for (Pipeline p : built) errors.addAll(p.initDrivers(next.keptDestinations));
        errors.addAll(PersistNames.conflicts(built)); // parsers and destinations; sources once they are initialised
        if (!errors.isEmpty()) {
            discard(built, next);
            throw new ConfigException(errors);
        }
        for (Pipeline p : built) p.startDestinations(next.keptDestinations);

        // The switch: sources that go stop, those that stay move to the new generation, new ones bind;
        // a changed source on the same address takes over its predecessor's listener and connections.
        Map<SourceIngress, SourceIngress> takeOvers = takeOvers(old, built, next);
        Set<SourceIngress> stopped = new HashSet<>();
        for (Pipeline p : old) {
            for (SourceIngress s : p.sources()) {
                if (next.keptSources.contains(s) || takeOvers.containsValue(s)) continue;
                s.stop();
                stopped.add(s);
            }
        }
        for (Pipeline p : built) for (SourceIngress s : p.sources()) if (next.keptSources.contains(s)) p.adopt(s);
        // As syslog-ng: the new sources are initialised once the old ones are deinitialised.
        for (Pipeline p : built) errors.addAll(p.initSources(next.keptSources));
        if (errors.isEmpty()) errors.addAll(PersistNames.conflicts(built));
        List<SourceIngress> started = new ArrayList<>();
        for (Pipeline p : errors.isEmpty() ? built : List.<Pipeline>of()) {
            for (SourceIngress s : p.sources()) {
                if (next.keptSources.contains(s) || takeOvers.containsKey(s)) continue;
                try {
                    s.start();
                    started.add(s);
                } catch (Exception e) {
                    errors.add(startFailure(p, s, e));
                }
            }
        }
        if (!errors.isEmpty()) {
            rollBack(old, started, stopped, next);
            discard(built, next);
            throw new ConfigException(errors);
        }
        takeOvers.forEach(SourceIngress::takeOver);
        Pipeline.stopAll(old, next.keptSources, next.keptDestinations);
        inline.retain(next.fingerprints.keySet());
        pipelines = built;
        fingerprints = next.fingerprints;
        generation++;
        ReloadReport report = report(number, next, false, t0);
        log.info("Reload {}: generation {} running; added {}, changed {}, removed {}, kept {}", number, generation,
                report.added(), report.changed(), report.removed(), report.kept().size());
        return report;
    }

    /** New sources (changed, same id) that can continue an old one's listener and connections, each with it. */
    private static Map<SourceIngress, SourceIngress> takeOvers(List<Pipeline> old, List<Pipeline> built, Generation next) {
        Map<String, SourceIngress> retiring = new HashMap<>();
        for (Pipeline p : old) for (SourceIngress s : p.sources()) if (!next.keptSources.contains(s)) retiring.put(s.id(), s);
        Map<SourceIngress, SourceIngress> out = new HashMap<>();
        for (Pipeline p : built) {
            for (SourceIngress s : p.sources()) {
                SourceIngress before = retiring.get(s.id());
                if (!next.keptSources.contains(s) && before != null && s.canTakeOver(before)) out.put(s, before);
            }
        }
        return out;
    }

    /** The new sources that bound are closed, and the old generation gets its sources back. */
    private void rollBack(List<Pipeline> old, List<SourceIngress> started, Set<SourceIngress> stopped, Generation next) {
        for (SourceIngress s : started) s.stop();
        for (Pipeline p : old) {
            for (SourceIngress s : p.sources()) {
                if (next.keptSources.contains(s)) {
                    p.adopt(s);
                    continue;
                }
                if (!stopped.contains(s)) continue; // never stopped: its take-over had not happened
                try {
                    s.start();
                } catch (Exception e) {
                    log.error("Reload rolled back, but source {} of the running generation could not start again", s.id(), e);
                    s.error("could not restart after a refused reload", e);
                }
            }
        }
    }

    /** Stops what a refused generation built (nothing it carried over). */
    private static void discard(List<Pipeline> built, Generation next) {
        for (Pipeline p : built) {
            for (SourceIngress s : p.sources()) if (!next.keptSources.contains(s)) s.stop();
            for (DestinationWorker d : p.destinations()) if (!next.keptDestinations.contains(d)) d.stop();
            for (ParserStage s : p.parsers()) s.deinit();
        }
    }

    private ReloadReport report(int number, Generation next, boolean dryRun, long t0) {
        List<String> added = new ArrayList<>(), changed = new ArrayList<>(), removed = new ArrayList<>();
        for (String id : new TreeSet<>(next.fingerprints.keySet())) {
            if (!fingerprints.containsKey(id)) added.add(id);
            else if (!next.kept.contains(id) && !next.unchangedParsers.contains(id)) changed.add(id);
        }
        for (String id : new TreeSet<>(fingerprints.keySet())) if (!next.fingerprints.containsKey(id)) removed.add(id);
        return new ReloadReport(number, generation, dryRun, (System.nanoTime() - t0) / 1_000_000,
                added, changed, removed, new ArrayList<>(new TreeSet<>(next.kept)));
    }

    /**
     * The carry-over decisions of one build: a driver is kept when its pipeline's flow control and
     * its own spec are unchanged and it uses no inline Python (which runs anew at every generation).
     */
    private final class Generation implements Carryover {
        final boolean dryRun;
        boolean inlineChanged = true;
        final Map<String, Object> fingerprints = new HashMap<>();
        final Set<String> kept = new HashSet<>();
        final Set<String> unchangedParsers = new HashSet<>();
        final Set<SourceIngress> keptSources = new HashSet<>();
        final Set<DestinationWorker> keptDestinations = new HashSet<>();

        Generation(boolean dryRun) { this.dryRun = dryRun; }

        @Override public boolean dryRun() { return dryRun; }

        /** Parsers are rebuilt every time; one whose spec is unchanged is not reported as changed. */
        @Override
        public void parser(DriverSpec spec, boolean flowControl) {
            if (keep(spec, flowControl)) unchangedParsers.add(spec.id());
        }

        @Override
        public SourceIngress source(DriverSpec spec, boolean flowControl) {
            return keep(spec, flowControl) ? handOver(spec, sources(pipelines), SourceIngress::id, keptSources) : null;
        }

        @Override
        public DestinationWorker destination(DriverSpec spec, boolean flowControl) {
            if (!keep(spec, flowControl)) {
                Object before = PipelineManager.this.fingerprints.get(spec.id());
                if (spec.options().containsKey("disk-buffer") && before != null && before.toString().contains("disk-buffer")) {
                    spec.error("disk-buffer", "this destination has a disk buffer: changing it needs a restart "
                            + "(its buffer stays with the running generation until then)");
                }
                return null;
            }
            return handOver(spec, pipeline(spec.pipeline()).destinations(), DestinationWorker::id, keptDestinations);
        }

        /** The running driver with the spec's id, recorded as kept; null in a dry run, which hands nothing over. */
        private <T> T handOver(DriverSpec spec, List<T> running, Function<T, String> idOf, Set<T> keptSet) {
            T found = running.stream().filter(x -> idOf.apply(x).equals(spec.id())).findFirst().orElse(null);
            if (found == null) return null;
            kept.add(spec.id());
            if (dryRun) return null;
            keptSet.add(found);
            return found;
        }

        private boolean keep(DriverSpec spec, boolean flowControl) {
            Object fp = List.of(flowControl, spec.fingerprint());
            fingerprints.put(spec.id(), fp);
            if (!fp.equals(PipelineManager.this.fingerprints.get(spec.id()))) return false;
            return !(inlineChanged && usesInlinePython(spec)) && !usesInlineClass(spec);
        }
    }

    /** A Python driver whose class is defined in the inline code (no module part): rebuilt at every generation. */
    private static boolean usesInlineClass(DriverSpec spec) {
        if (!spec.type().startsWith("python")) return false;
        var cls = spec.options().get("class");
        return cls != null && cls.asString() != null && !cls.asString().contains(".");
    }

    private static boolean usesInlinePython(DriverSpec spec) {
        return usesInlineClass(spec) || INLINE_TEMPLATE_FUNCTION.matcher(String.valueOf(spec.fingerprint())).find();
    }

    /** Every source of the pipelines once (a shared source is in each path that lists it). */
    private static List<SourceIngress> sources(List<Pipeline> pipelines) {
        Set<SourceIngress> all = new java.util.LinkedHashSet<>();
        for (Pipeline p : pipelines) all.addAll(p.sources());
        return List.copyOf(all);
    }

    private static ConfigError startFailure(Pipeline p, SourceIngress s, Exception e) {
        if (e instanceof IOException && s.source() instanceof Listener l && !l.endpoints().isEmpty()) {
            Listener.Endpoint ep = l.endpoints().get(0);
            return new ConfigError(p.name(), s.name(), ep.key(), null, "cannot start source: cannot listen on "
                    + ep.protocol() + " " + ep.address() + ":" + ep.port() + ": " + e.getMessage());
        }
        return new ConfigError(p.name(), s.name(), null, null, "cannot start source: " + e);
    }

    @Override
    public synchronized void stop() {
        stopAll();
        running = false;
    }

    private void stopAll() {
        Pipeline.stopAll(pipelines, Set.of(), Set.of());
    }

    @Override
    public boolean isRunning() { return running; }

    @Override
    public boolean isAutoStartup() { return !validateOnly; }

    /** Start after the web server so HTTP ingest has its endpoint; stop before it. */
    @Override
    public int getPhase() { return Integer.MAX_VALUE - 1000; }
}
