package dev.sluice.ops;

import dev.sluice.pipeline.Pipeline;
import dev.sluice.pipeline.PipelineManager;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthContributors;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

import java.util.List;
import java.util.stream.Stream;

/**
 * Health contributor {@code pipelines}: one child per pipeline, one per driver below it, always
 * of the running generation. A driver is UP, DOWN with its last error and since when (a source
 * also when it does not listen), or OUT_OF_SERVICE while it stops.
 */
public class PipelinesHealth implements CompositeHealthContributor {
    private final PipelineManager manager;

    public PipelinesHealth(PipelineManager manager) { this.manager = manager; }

    @Override
    public HealthContributor getContributor(String name) {
        Pipeline p = manager.pipeline(name);
        return p == null ? null : pipeline(p);
    }

    @Override
    public Stream<HealthContributors.Entry> stream() {
        return manager.pipelines().stream().map(p -> new HealthContributors.Entry(p.name(), pipeline(p)));
    }

    private static CompositeHealthContributor pipeline(Pipeline p) {
        List<DriverView> drivers = DriverView.of(List.of(p));
        return new CompositeHealthContributor() {
            @Override
            public HealthContributor getContributor(String name) {
                return drivers.stream().filter(d -> d.name().equals(name)).findFirst().map(PipelinesHealth::driver).orElse(null);
            }

            @Override
            public Stream<HealthContributors.Entry> stream() {
                return drivers.stream().map(d -> new HealthContributors.Entry(d.name(), driver(d)));
            }
        };
    }

    private static HealthIndicator driver(DriverView d) {
        return () -> {
            Status status = switch (d.status()) {
                case UP -> Status.UP;
                case DOWN -> Status.DOWN;
                case OUT_OF_SERVICE -> Status.OUT_OF_SERVICE;
            };
            Health.Builder b = Health.status(status).withDetail("kind", d.kind()).withDetail("since", d.health().since().toString());
            if (d.lastError() != null) b.withDetail("lastError", d.lastError());
            if (d.health().lastErrorAt() != null) b.withDetail("lastErrorAt", d.health().lastErrorAt().toString());
            if (d.counters().errors.sum() > 0) b.withDetail("errors", d.counters().errors.sum());
            if (d.kind().equals("source")) b.withDetail("listening", d.listening());
            return b.build();
        };
    }
}
