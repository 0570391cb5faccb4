package dev.sluice.pipeline;

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
import dev.sluice.state.DiskBuffer;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Turns a validated configuration into pipelines; collects every error before giving up. */
public final class PipelineFactory {
    private final Map<DriverRole, Map<String, DriverFactory<?>>> factories = new HashMap<>();
    private final DriverContext context;
    private DriverAliases aliases = new DriverAliases(Map.of());
    private Carryover carry = Carryover.NONE;
    private List<DiskBuffer> opened = new ArrayList<>();

    public PipelineFactory(List<DriverFactory<?>> factories, DriverContext context) {
        for (DriverRole r : DriverRole.values()) this.factories.put(r, new HashMap<>());
        for (DriverFactory<?> f : factories) this.factories.get(f.role()).put(f.type(), f);
        this.context = context;
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
        List<Listener.Endpoint> endpoints = new ArrayList<>();
        Map<Listener.Endpoint, String> owners = new HashMap<>();
        for (PipelineConfig pc : config.pipelines()) {
            List<SourceIngress> sources = new ArrayList<>();
            for (DriverSpec written : pc.sources()) {
                DriverSpec spec = expandAlias(written);
                SourceIngress kept = carry.source(spec, pc.flowControl());
                SourceIngress.Overrides overrides = kept != null ? null : overrides(spec);
                Source s = kept != null ? kept.source() : create(spec, errors);
                if (s == null) continue;
                if (s instanceof Listener l) {
                    for (Listener.Endpoint ep : l.endpoints()) {
                        for (Listener.Endpoint other : endpoints) {
                            if (ep.clashesWith(other)) {
                                errors.add(new ConfigError(spec.pipeline(), spec.name(), ep.key(), spec.node(ep.key()) == null ? spec.origin() : spec.node(ep.key()).origin(),
                                        ep.protocol() + " port " + ep.port() + " is already used by " + owners.get(other)));
                            }
                        }
                        endpoints.add(ep);
                        owners.put(ep, "pipeline '" + spec.pipeline() + "', driver '" + spec.name() + "'");
                    }
                }
                sources.add(kept != null ? kept : new SourceIngress(spec.id(), spec.name(), s, overrides));
            }
            List<ParserStage> parsers = new ArrayList<>();
            for (DriverSpec written : pc.parsers()) {
                DriverSpec spec = expandAlias(written);
                carry.parser(spec, pc.flowControl());
                Parser p = create(spec, errors);
                if (p != null) parsers.add(new ParserStage(spec.id(), p));
            }
            List<DestinationWorker> destinations = new ArrayList<>();
            for (DriverSpec written : pc.destinations()) {
                DriverSpec spec = expandAlias(written);
                DestinationWorker keptDestination = carry.destination(spec, pc.flowControl());
                if (keptDestination != null) {
                    destinations.add(keptDestination);
                    continue;
                }
                DestinationWorker.Settings settings = workerSettings(spec);
                DiskBuffer.Settings buffer = diskBufferSettings(spec);
                int workers = spec.integer("workers", 1);
                if (workers < 1) spec.error("workers", "must be at least 1");
                if (workers > 1 && buffer != null) spec.error("workers", "a destination with a disk buffer has one worker");
                List<Destination> instances = new ArrayList<>();
                for (int i = 0; i < Math.max(1, workers); i++) {
                    Destination d = create(i == 0 ? spec : spec.copy(), errors);
                    if (d == null) break;
                    instances.add(d);
                }
                if (instances.size() == Math.max(1, workers)) {
                    destinations.add(worker(spec, instances, pc.flowControl(), settings, buffer, errors));
                }
            }
            pipelines.add(new Pipeline(pc.name(), pc.flowControl(), parsers, sources, destinations));
        }
        if (!errors.isEmpty()) {
            for (DiskBuffer b : opened) b.close(); // a refused generation must not hold buffer locks
            throw new ConfigException(errors);
        }
        return pipelines;
    }

    /** A {@code type} that names a driver alias becomes the Python driver it stands for. */
    private DriverSpec expandAlias(DriverSpec spec) {
        boolean builtin = factories.get(spec.role()).containsKey(spec.type());
        return !builtin && aliases.has(spec.type()) ? aliases.expand(spec) : spec;
    }

    /** The options every source has: {@code host-override}, {@code program-override} and {@code format}. */
    static SourceIngress.Overrides overrides(DriverSpec spec) {
        String format = spec.string("format", "syslog");
        if (!format.equals("syslog")) {
            spec.error("format", "unknown format '" + format + "'; there is syslog-ng's built-in one, syslog (flags such as"
                    + " no-parse and syslog-protocol choose how it reads)");
        }
        return new SourceIngress.Overrides(spec.string("host-override", null), spec.string("program-override", null));
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
            driver = (D) f.create(spec, context.forPipeline(spec.pipeline()));
        } catch (RuntimeException e) {
            spec.error(null, e.getMessage() == null ? e.toString() : e.getMessage());
            driver = null;
        }
        List<ConfigError> specErrors = spec.errors();
        errors.addAll(specErrors);
        return specErrors.isEmpty() ? driver : null;
    }
}
