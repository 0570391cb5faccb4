package dev.sluice.ops;

import dev.sluice.config.ConfigError;
import dev.sluice.config.ConfigException;
import dev.sluice.config.ConfigLoader;
import dev.sluice.config.DriverAliases;
import dev.sluice.config.SluiceConfig;
import dev.sluice.config.SluiceProperties;
import dev.sluice.pipeline.PipelineManager;
import dev.sluice.pipeline.ReloadReport;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.boot.context.config.ConfigDataEnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Reads the configuration again from the places Spring Boot read it at start-up (the same
 * {@code spring.config.*} locations, profiles, command line and environment) and hands it to the
 * pipeline manager. Reloads are serialised there and numbered.
 */
public class ConfigReloader {
    private final ConfigurableEnvironment startup;
    private final PipelineManager manager;
    private final SluiceProperties props;
    private final MeterRegistry registry;

    public ConfigReloader(ConfigurableEnvironment startup, PipelineManager manager, SluiceProperties props, MeterRegistry registry) {
        this.startup = startup;
        this.manager = manager;
        this.props = props;
        this.registry = registry;
    }

    public ReloadReport reload(boolean dryRun) {
        long t0 = System.nanoTime();
        String outcome = "refused";
        try {
            SluiceConfig config = ConfigLoader.load(freshEnvironment());
            List<ConfigError> errors = new ArrayList<>();
            DriverAliases aliases = DriverAliases.discover(config.driverAliases(), props.getPython().getPath(), errors);
            if (!errors.isEmpty()) throw new ConfigException(errors);
            ReloadReport report = manager.reload(config, aliases, dryRun);
            outcome = dryRun ? "valid" : "reloaded";
            return report;
        } finally {
            Timer.builder("sluice.reload").description("Configuration reloads and how long they took")
                    .tag("outcome", outcome).register(registry).record(System.nanoTime() - t0, TimeUnit.NANOSECONDS);
        }
    }

    /** The start-up environment without its config files, with the config files read anew. */
    ConfigurableEnvironment freshEnvironment() {
        StandardEnvironment fresh = new StandardEnvironment();
        MutablePropertySources target = fresh.getPropertySources();
        for (String name : target.stream().map(PropertySource::getName).toList()) target.remove(name);
        for (PropertySource<?> ps : startup.getPropertySources()) {
            String name = ps.getName();
            // Config files are read again below; "configurationProperties" is a view of the old environment.
            if (name.startsWith("Config resource") || name.equals("configurationProperties")) continue;
            target.addLast(ps);
        }
        fresh.setActiveProfiles(startup.getActiveProfiles());
        ConfigDataEnvironmentPostProcessor.applyTo(fresh);
        return fresh;
    }
}
