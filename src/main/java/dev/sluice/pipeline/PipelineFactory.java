package dev.sluice.pipeline;

import dev.sluice.cluster.LeaderElectedSource;
import dev.sluice.cluster.LeaseSettings;
import dev.sluice.config.ConfigError;
import dev.sluice.config.ConfigNode;
import dev.sluice.config.ConfigException;
import dev.sluice.config.DriverAliases;
import dev.sluice.config.PipelineConfig;
import dev.sluice.config.SluiceConfig;
import dev.sluice.driver.Destination;
import dev.sluice.driver.DriverContext;
import dev.sluice.driver.DriverFactory;
import dev.sluice.driver.DriverRole;
import dev.sluice.driver.DriverSpec;
import dev.sluice.driver.Listener;
import dev.sluice.driver.Parser;
import dev.sluice.driver.Source;
import dev.sluice.filter.Filter;
import dev.sluice.filter.FilterCompiler;
import dev.sluice.filter.FilterException;
import dev.sluice.state.DiskBuffer;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/** Turns a validated configuration into pipelines; collects every error before giving up. */
public final class PipelineFactory {
    private static final Logger log = LoggerFactory.getLogger(PipelineFactory.class);
    private final Map<DriverRole, Map<String, DriverFactory<?>>> factories = new HashMap<>();
    private final DriverContext context;
    /** The context of the generation being built: {@link #context} with its named filters. */
    private DriverContext generation;
    private DriverAliases aliases = new DriverAliases(Map.of());
    private Carryover carry = Carryover.NONE;
    /** The Kubernetes API for sources under {@code leader-election}; built on first use (in a pod: its service account). */
    private Supplier<KubernetesClient> kubernetes = new Supplier<>() {
        private KubernetesClient client;

        @Override
        public synchronized KubernetesClient get() {
            if (client == null) client = new KubernetesClientBuilder().build();
            return client;
        }
    };
    private List<DiskBuffer> opened = new ArrayList<>();

    public PipelineFactory(List<DriverFactory<?>> factories, DriverContext context) {
        for (DriverRole r : DriverRole.values()) this.factories.put(r, new HashMap<>());
        for (DriverFactory<?> f : factories) this.factories.get(f.role()).put(f.type(), f);
        this.context = context;
    }

    /** Another Kubernetes API for leader election (the tests' mock server). */
    public PipelineFactory withKubernetes(Supplier<KubernetesClient> client) {
        this.kubernetes = client;
        return this;
    }

    public List<Pipeline> build(SluiceConfig config) {
        return build(config, new DriverAliases(config.driverAliases()));
    }

    public List<Pipeline> build(SluiceConfig config, DriverAliases aliases) {
        return build(config, aliases, Carryover.NONE);
    }

    /** Builds a generation; what {@code carry} hands over is reused as it is, and its listeners count for clashes. */
    public synchronized List<Pipeline> build(SluiceConfig config, DriverAliases aliases, Carryover carry) {
        this.aliases = aliases;
        this.carry = carry;
        this.opened = new ArrayList<>();
        List<ConfigError> errors = new ArrayList<>();
        List<Pipeline> pipelines = new ArrayList<>();
        Sources built = new Sources();
        FilterCompiler filters = namedFilters(config, errors);
        this.generation = context.withFilters(filters);
        Map<String, SourceIngress> shared = new HashMap<>();
        for (DriverSpec written : config.sharedSources()) {
            boolean used = config.pipelines().stream().anyMatch(pc -> pc.sharedSources().contains(written.name()));
            if (!used) {
                log.warn("Shared source '{}' is listed by no pipeline: it is not started", written.name());
                continue;
            }
            boolean flowControl = config.pipelines().stream().anyMatch(pc -> pc.flowControl() && pc.sharedSources().contains(written.name()));
            SourceIngress s = source(expandAlias(written), flowControl, built, errors);
            if (s != null) shared.put(written.name(), s);
        }
        for (PipelineConfig pc : config.pipelines()) {
            List<SourceIngress> sources = new ArrayList<>();
            for (String name : pc.sharedSources()) if (shared.containsKey(name)) sources.add(shared.get(name));
            for (DriverSpec written : pc.sources()) {
                SourceIngress s = source(expandAlias(written), pc.flowControl(), built, errors);
                if (s != null) sources.add(s);
            }
            List<ParserStage> parsers = new ArrayList<>();
            for (DriverSpec written : pc.parsers()) {
                DriverSpec spec = expandAlias(written);
                carry.parser(spec, pc.flowControl());
                if (spec.type().equals(FilterStep.TYPE)) {
                    Parser p = filterStep(spec, filters, errors);
                    if (p != null) parsers.add(new ParserStage(spec.id(), p));
                    continue;
                }
                // workers: N parses batches on N threads, each with an instance (a Python one: in its own interpreter)
                List<Parser> instances = instances(spec, workers(spec), errors);
                if (!instances.isEmpty()) parsers.add(new ParserStage(spec.id(), instances));
            }
            List<DestinationWorker> destinations = new ArrayList<>();
            List<Filter> destinationFilters = new ArrayList<>();
            for (DriverSpec written : pc.destinations()) {
                DriverSpec spec = expandAlias(written);
                Filter destinationFilter = filter(spec.node("filter"), spec.pipeline(), spec.name(), filters, errors);
                DestinationWorker keptDestination = carry.destination(spec, pc.flowControl());
                if (keptDestination != null) {
                    destinations.add(keptDestination);
                    destinationFilters.add(destinationFilter);
                    continue;
                }
                DestinationWorker.Settings settings = workerSettings(spec);
                DiskBuffer.Settings buffer = diskBufferSettings(spec);
                int workers = workers(spec);
                if (workers > 1 && buffer != null) spec.error("workers", "a destination with a disk buffer has one worker");
                List<Destination> instances = instances(spec, workers, errors);
                if (!instances.isEmpty()) {
                    destinations.add(worker(spec, instances, pc.flowControl(), settings, buffer, errors));
                    destinationFilters.add(destinationFilter);
                }
            }
            Filter pathFilter = filter(pc.filter(), pc.name(), null, filters, errors);
            boolean anyDestinationFilter = destinationFilters.stream().anyMatch(java.util.Objects::nonNull);
            var selection = new Pipeline.Selection(pathFilter, pc.isFinal(), pc.fallback(),
                    anyDestinationFilter ? destinationFilters : List.of());
            pipelines.add(new Pipeline(pc.name(), pc.flowControl(), parsers, sources, destinations, selection));
        }
        routes(pipelines, built.fresh);
        if (!errors.isEmpty()) {
            for (DiskBuffer b : opened) b.close(); // a refused generation must not hold buffer locks
            throw new ConfigException(errors);
        }
        return pipelines;
    }

    /** The listeners and new sources of one build, so that port clashes are found across all of them. */
    private static final class Sources {
        final List<Listener.Endpoint> endpoints = new ArrayList<>();
        final Map<Listener.Endpoint, String> owners = new HashMap<>();
        final Set<SourceIngress> fresh = new HashSet<>();
    }

    /** The running source the carry-over hands back, or a new one; null after recording its errors. */
    private SourceIngress source(DriverSpec spec, boolean flowControl, Sources built, List<ConfigError> errors) {
        SourceIngress kept = carry.source(spec, flowControl);
        SourceIngress.Decoration decoration = kept != null ? null : decoration(spec);
        LeaseSettings lease = kept != null ? null : LeaseSettings.read(spec);
        Source s = kept != null ? kept.source() : create(spec, errors);
        if (s == null) return null;
        if (lease != null) s = new LeaderElectedSource(spec.id(), s, lease, kubernetes);
        if (s instanceof Listener l) {
            for (Listener.Endpoint ep : l.endpoints()) {
                for (Listener.Endpoint other : built.endpoints) {
                    if (ep.clashesWith(other)) {
                        errors.add(new ConfigError(spec.pipeline(), spec.name(), ep.key(), spec.node(ep.key()) == null ? spec.origin() : spec.node(ep.key()).origin(),
                                ep.protocol() + " port " + ep.port() + " is already used by " + built.owners.get(other)));
                    }
                }
                built.endpoints.add(ep);
                built.owners.put(ep, "pipeline '" + spec.pipeline() + "', driver '" + spec.name() + "'");
            }
        }
        if (kept != null) return kept;
        SourceIngress fresh = new SourceIngress(spec.id(), spec.name(), s, decoration);
        built.fresh.add(fresh);
        return fresh;
    }

    /**
     * One route per source: the paths that list it, in declaration order. New sources take theirs
     * now; carried-over ones at the switch (Pipeline.adopt).
     */
    private static void routes(List<Pipeline> pipelines, Set<SourceIngress> fresh) {
        Map<SourceIngress, List<Pipeline>> paths = new LinkedHashMap<>();
        for (Pipeline p : pipelines) for (SourceIngress s : p.sources()) paths.computeIfAbsent(s, k -> new ArrayList<>()).add(p);
        Map<SourceIngress, Route> routes = new HashMap<>();
        paths.forEach((s, ps) -> routes.put(s, new Route(ps, s.counters())));
        for (Pipeline p : pipelines) p.useRoutes(routes);
        for (SourceIngress s : fresh) s.attach(routes.get(s));
    }

    /** {@code sluice.filters}, each compiled once here so that its errors are located at its own key. */
    private FilterCompiler namedFilters(SluiceConfig config, List<ConfigError> errors) {
        Map<String, String> sources = new LinkedHashMap<>();
        config.filters().forEach((name, node) -> sources.put(name, node.asString()));
        FilterCompiler compiler = new FilterCompiler(sources, context.templates());
        config.filters().forEach((name, node) -> {
            try {
                compiler.named(name);
            } catch (FilterException e) {
                errors.add(ConfigError.global("sluice.filters." + name, node.origin(), e.getMessage()));
            }
        });
        return compiler;
    }

    /** A {@code filter:} expression compiled, or null when there is none (or it is wrong: the error is recorded). */
    private static Filter filter(ConfigNode node, String pipeline, String driver, FilterCompiler filters, List<ConfigError> errors) {
        return filter(node, "filter", pipeline, driver, filters, errors);
    }

    private static Filter filter(ConfigNode node, String key, String pipeline, String driver, FilterCompiler filters, List<ConfigError> errors) {
        if (node == null) return null;
        try {
            return filters.compile(node.asString());
        } catch (FilterException e) {
            errors.add(new ConfigError(pipeline, driver, key, node.origin(), e.getMessage()));
            return null;
        }
    }

    /** {@code {type: filter, expr: …}} among the parsers. */
    private static Parser filterStep(DriverSpec spec, FilterCompiler filters, List<ConfigError> errors) {
        ConfigNode expr = spec.node("expr");
        if (expr == null || !expr.isScalar()) {
            errors.add(new ConfigError(spec.pipeline(), spec.name(), "expr", spec.origin(), "a filter step needs expr: <filter expression>"));
            return null;
        }
        Filter f = filter(expr, "expr", spec.pipeline(), spec.name(), filters, errors);
        for (String key : spec.unknownKeys()) {
            errors.add(new ConfigError(spec.pipeline(), spec.name(), key, spec.node(key).origin(), "unknown key for a filter step (it has expr)"));
        }
        return f == null ? null : new FilterStep(f);
    }

    /** A {@code type} that names a driver alias becomes the Python driver it stands for. */
    private DriverSpec expandAlias(DriverSpec spec) {
        boolean builtin = factories.get(spec.role()).containsKey(spec.type());
        return !builtin && aliases.has(spec.type()) ? aliases.expand(spec) : spec;
    }

    /** The options every source has: {@code host-override}, {@code program-override}, {@code tags} and {@code format}. */
    static SourceIngress.Decoration decoration(DriverSpec spec) {
        String format = spec.string("format", "syslog");
        if (!format.equals("syslog")) {
            spec.error("format", "unknown format '" + format + "'; there is syslog-ng's built-in one, syslog (flags such as"
                    + " no-parse and syslog-protocol choose how it reads)");
        }
        return new SourceIngress.Decoration(spec.string("host-override", null), spec.string("program-override", null),
                spec.stringList("tags"));
    }

    /** The queue and retry options every destination has. */
    static DestinationWorker.Settings workerSettings(DriverSpec spec) {
        int fifo = spec.integer("log-fifo-size", 10000);
        int batchLines = spec.integer("batch-lines", 1000);
        Duration batchTimeout = spec.duration("batch-timeout", Duration.ofSeconds(1));
        int retries = spec.integer("retries", 3);
        Duration timeReopen = spec.duration("time-reopen", Duration.ofSeconds(1));
        Duration drain = spec.duration("drain-timeout", Duration.ofSeconds(10));
        int throttle = spec.integer("throttle", 0);
        if (throttle < 0) spec.error("throttle", "must be 0 (no limit) or a number of messages per second");
        if (fifo < 1) spec.error("log-fifo-size", "must be at least 1");
        if (batchLines < 1) spec.error("batch-lines", "must be at least 1");
        if (retries < 1) spec.error("retries", "must be at least 1");
        return new DestinationWorker.Settings(Math.max(1, fifo), Math.max(1, batchLines), batchTimeout, Math.max(1, retries),
                timeReopen, drain, spec.options().containsKey("batch-timeout"), Math.max(0, throttle));
    }

    private DestinationWorker worker(DriverSpec spec, List<Destination> instances, boolean flowControl,
                                     DestinationWorker.Settings settings, DiskBuffer.Settings buffer, List<ConfigError> errors) {
        DriverCounters counters = new DriverCounters();
        DestinationQueue queue = MemoryQueue.forDestination(flowControl, settings);
        if (buffer != null && !carry.dryRun()) {
            try {
                if (context.state() == null) throw new IOException("no state store is running");
                DiskBuffer opened = DiskBuffer.open(spec.id(), buffer, flowControl, settings.fifoSize(), context.state(), counters);
                this.opened.add(opened);
                queue = opened;
            } catch (IOException | RuntimeException e) {
                errors.add(new ConfigError(spec.pipeline(), spec.name(), "disk-buffer", spec.node("disk-buffer").origin(),
                        "cannot open the disk buffer: " + e.getMessage()));
            }
        }
        return new DestinationWorker(spec.id(), instances, settings, queue, counters);
    }

    private static final Set<String> DISK_BUFFER_KEYS = Set.of("reliable", "max-size", "segment-size", "dir");

    /** The {@code disk-buffer:} block, or null when the destination has none. */
    DiskBuffer.Settings diskBufferSettings(DriverSpec spec) {
        ConfigNode node = spec.node("disk-buffer");
        if (node == null) return null;
        Map<String, ConfigNode> map = node.asMap();
        if (map == null) {
            spec.error("disk-buffer", "expected a map such as {reliable: true, max-size: 1GiB}");
            return null;
        }
        for (String k : map.keySet()) {
            if (!DISK_BUFFER_KEYS.contains(k)) spec.error("disk-buffer", "unknown key 'disk-buffer." + k + "' (known: " + new TreeSet<>(DISK_BUFFER_KEYS) + ")");
        }
        DriverSpec inner = new DriverSpec(spec.pipeline(), spec.name(), spec.role(), spec.type(), map, spec.origin());
        boolean reliable = inner.bool("reliable", true);
        long maxSize = inner.size("max-size", 1L << 30);
        long segmentSize = inner.size("segment-size", Math.min(64L << 20, Math.max(1 << 20, maxSize / 4)));
        String dir = inner.string("dir", null);
        for (ConfigError e : inner.errors()) spec.error("disk-buffer", e.message());
        if (maxSize < 1 << 20) spec.error("disk-buffer", "max-size must be at least 1MiB");
        if (segmentSize < 4096 || segmentSize > (1L << 31)) spec.error("disk-buffer", "segment-size must be between 4KiB and 2GiB");
        Path path = dir != null ? Path.of(dir) : context.stateDir().resolve("buffers").resolve(spec.id());
        return new DiskBuffer.Settings(path, maxSize, segmentSize, reliable);
    }

    /** {@code workers: N} (1 when absent; an error below 1). */
    private static int workers(DriverSpec spec) {
        int workers = spec.integer("workers", 1);
        if (workers < 1) spec.error("workers", "must be at least 1");
        return Math.max(1, workers);
    }

    /** The driver's instances, one per worker (each its own spec instance); empty after recording errors. */
    private <D> List<D> instances(DriverSpec spec, int workers, List<ConfigError> errors) {
        List<D> out = new ArrayList<>();
        for (int i = 0; i < workers; i++) {
            D d = create(i == 0 ? spec : spec.forInstance(i), errors);
            if (d == null) return List.of();
            out.add(d);
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private <D> D create(DriverSpec spec, List<ConfigError> errors) {
        DriverFactory<?> f = factories.get(spec.role()).get(spec.type());
        if (f == null) {
            errors.add(new ConfigError(spec.pipeline(), spec.name(), "type", spec.origin(), "unknown " + spec.role().name().toLowerCase()
                    + " type '" + spec.type() + "'; known: " + new TreeSet<>(factories.get(spec.role()).keySet())));
            return null;
        }
        D driver;
        try {
            driver = (D) f.create(spec, (generation != null ? generation : context).forDriver(spec));
        } catch (RuntimeException e) {
            spec.error(null, e.getMessage() == null ? e.toString() : e.getMessage());
            driver = null;
        }
        List<ConfigError> specErrors = spec.errors();
        errors.addAll(specErrors);
        return specErrors.isEmpty() ? driver : null;
    }
}
