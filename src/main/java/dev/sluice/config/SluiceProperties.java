package dev.sluice.config;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The scalar settings of {@code sluice:}, bound by Spring (so {@code SLUICE_STATE_DIR} and
 * {@code ${ENV:default}} work). Pipelines, driver aliases and inline Python are read raw by
 * {@link ConfigLoader} instead, because they hold syslog-ng templates.
 */
@ConfigurationProperties("sluice")
public class SluiceProperties {
    /** MapDB files and disk buffers live here. */
    private Path stateDir = Path.of("./var");
    private final Python python = new Python();
    private final Management management = new Management();

    public Path getStateDir() { return stateDir; }
    public void setStateDir(Path stateDir) { this.stateDir = stateDir; }
    public Python getPython() { return python; }
    public Management getManagement() { return management; }

    public static class Python {
        /** Module directories; PYTHONPATH is honoured too. */
        private List<String> path = new ArrayList<>();

        public List<String> getPath() { return path; }
        public void setPath(List<String> path) { this.path = path; }
    }

    public static class Management {
        /** Bearer token required by state-changing management endpoints; unset means they are refused. */
        private String token;

        public String getToken() { return token; }
        public void setToken(String token) { this.token = token; }
    }
}
