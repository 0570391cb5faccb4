package dev.sluice.pipeline;

import dev.sluice.config.ConfigError;
import dev.sluice.config.ConfigException;
import dev.sluice.driver.Listener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Owns the running pipelines. Builds (and so validates) them when created, so that a bad
 * configuration stops the service before anything binds; starts destinations before sources and
 * stops sources before destinations.
 */
public final class PipelineManager implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(PipelineManager.class);

    private final List<Pipeline> pipelines;
    private volatile boolean running;

    /** Takes pipelines already built, and so validated, by {@link PipelineFactory}. */
    public PipelineManager(List<Pipeline> pipelines) {
        this.pipelines = pipelines;
    }

    public List<Pipeline> pipelines() { return pipelines; }

    public Pipeline pipeline(String name) {
        for (Pipeline p : pipelines) if (p.name().equals(name)) return p;
        return null;
    }

    @Override
    public synchronized void start() {
        List<ConfigError> errors = new ArrayList<>();
        for (Pipeline p : pipelines) errors.addAll(p.initDrivers());
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
        for (Pipeline p : pipelines) p.stop();
    }

    @Override
    public boolean isRunning() { return running; }

    /** Start after the web server so HTTP ingest has its endpoint; stop before it. */
    @Override
    public int getPhase() { return Integer.MAX_VALUE - 1000; }
}
