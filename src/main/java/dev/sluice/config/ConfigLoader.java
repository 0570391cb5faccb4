package dev.sluice.config;

import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.ClassPathResource;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads {@link SluiceConfig} from the environment. The embedded default pipeline lives in its own
 * resource and is used only when no pipeline is configured: Spring merges maps from every source,
 * so a default in {@code application.yaml} would run beside every user's pipelines.
 */
public final class ConfigLoader {
    public static final String DEFAULT_PIPELINE_RESOURCE = "sluice-default-pipeline.yaml";

    private ConfigLoader() {}

    public static SluiceConfig load(ConfigurableEnvironment env) {
        List<ConfigError> errors = new ArrayList<>();
        SluiceConfig config = SluiceConfig.parse(ConfigReader.read(env, "sluice", errors), errors);
        if (config.pipelines().isEmpty() && errors.isEmpty()) {
            SluiceConfig defaults = SluiceConfig.parse(ConfigReader.read(defaultPipelineEnvironment(), "sluice", errors), errors);
            config = config.withPipelines(defaults.pipelines());
        }
        if (!errors.isEmpty()) throw new ConfigException(errors);
        return config;
    }

    private static ConfigurableEnvironment defaultPipelineEnvironment() {
        StandardEnvironment env = new StandardEnvironment();
        try {
            for (PropertySource<?> ps : new YamlPropertySourceLoader().load(DEFAULT_PIPELINE_RESOURCE,
                    new ClassPathResource(DEFAULT_PIPELINE_RESOURCE))) {
                env.getPropertySources().addLast(ps);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + DEFAULT_PIPELINE_RESOURCE, e);
        }
        return env;
    }
}
