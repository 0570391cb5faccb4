package dev.sluice.ops;

import dev.sluice.pipeline.DriverCounters;
import dev.sluice.pipeline.PipelineManager;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;

import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * Per-driver meters ({@code sluice.received}, {@code processed}, {@code written}, {@code retries},
 * {@code errors}, {@code dropped{reason}}, {@code queued}), tagged pipeline/driver/kind. Meters read
 * the counters of whatever driver has that id in the running generation, so they survive reloads;
 * drivers and drop reasons that appear later are registered by a refresh every few seconds.
 */
public class PipelineMetrics implements MeterBinder, AutoCloseable {
    private final PipelineManager manager;
    private final Set<String> registered = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService refresher = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon(true).name("sluice-metrics").factory());

    public PipelineMetrics(PipelineManager manager) { this.manager = manager; }

    @Override
    public void bindTo(MeterRegistry registry) {
        register(registry);
        refresher.scheduleWithFixedDelay(() -> register(registry), 5, 5, TimeUnit.SECONDS);
    }

    /** Idempotent: each name and tags is registered once (Micrometer warns about a second registration). */
    void register(MeterRegistry registry) {
        for (DriverView d : DriverView.of(manager.pipelines())) {
            Tags tags = Tags.of("pipeline", d.pipeline(), "driver", d.name(), "kind", d.kind());
            String id = d.id();
            counter(registry, "sluice.received", "Messages the driver took in", tags, id, c -> c.received.sum());
            counter(registry, "sluice.processed", "Messages the driver handled", tags, id, c -> c.processed.sum());
            counter(registry, "sluice.written", "Messages delivered", tags, id, c -> c.written.sum());
            counter(registry, "sluice.retries", "Retried sends and flushes", tags, id, c -> c.retries.sum());
            counter(registry, "sluice.errors", "Driver errors (exceptions, failed calls)", tags, id, c -> c.errors.sum());
            counter(registry, "sluice.matched", "Messages a filter passed (path, step or destination filter)", tags, id, c -> c.matched.sum());
            counter(registry, "sluice.filtered", "Messages a filter kept out (path, step or destination filter)", tags, id, c -> c.filtered.sum());
            once(registry, "sluice.driver.time", tags, () -> FunctionCounter.builder("sluice.driver.time", manager,
                            m -> find(m, id).map(v -> v.counters().busyNanos.sum() / 1e9).orElse(0.0))
                    .description("Seconds spent in the driver's own calls (send, flush, parse); for Python drivers, time in Python")
                    .baseUnit("seconds").tags(tags).register(registry));
            for (String reason : d.counters().droppedByReason().keySet()) {
                counter(registry, "sluice.dropped", "Messages dropped, by reason", tags.and("reason", reason), id, c -> c.dropped(reason));
            }
            if (d.parse() != null) {
                for (String outcome : d.parse().keySet()) {
                    once(registry, "sluice.parse", tags.and("outcome", outcome), () -> FunctionCounter.builder("sluice.parse", manager,
                                    m -> find(m, id).map(v -> v.parse().get(outcome).doubleValue()).orElse(0.0))
                            .description("Messages a source parsed, by outcome (parsed, malformed, invalid-utf8, truncated)")
                            .tags(tags.and("outcome", outcome)).register(registry));
                }
            }
            if (d.kind().equals("destination")) {
                once(registry, "sluice.queued", tags, () -> Gauge.builder("sluice.queued", manager, m -> find(m, id).map(DriverView::queued).orElse(0L))
                        .description("Messages waiting in the destination's queue or disk buffer").tags(tags).register(registry));
            }
        }
    }

    private void counter(MeterRegistry registry, String name, String help, Tags tags, String id, ToDoubleFunction<DriverCounters> f) {
        once(registry, name, tags, () -> FunctionCounter.builder(name, manager, m -> find(m, id).map(v -> f.applyAsDouble(v.counters())).orElse(0.0))
                .description(help).tags(tags).register(registry));
    }

    private void once(MeterRegistry registry, String name, Tags tags, Runnable register) {
        if (registered.add(System.identityHashCode(registry) + name + tags)) register.run();
    }

    private static Optional<DriverView> find(PipelineManager m, String id) {
        return DriverView.of(m.pipelines()).stream().filter(v -> v.id().equals(id)).findFirst();
    }

    @Override
    public void close() { refresher.shutdownNow(); }
}
