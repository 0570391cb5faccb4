package dev.sluice.config;

import org.springframework.boot.context.properties.ConfigurationProperties;

import org.springframework.util.unit.DataSize;

import java.nio.file.Path;
import java.time.Duration;
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
    private final State state = new State();

    public Path getStateDir() { return stateDir; }
    public void setStateDir(Path stateDir) { this.stateDir = stateDir; }
    public Python getPython() { return python; }
    public Management getManagement() { return management; }
    public State getState() { return state; }

    public static class State {
        /** How often state changes are flushed to the device (a process crash loses nothing in between). */
        private Duration syncInterval = Duration.ofSeconds(1);
        /** Size of one state journal; a full journal is folded into a new MapDB snapshot. */
        private DataSize journalSize = DataSize.ofMegabytes(32);

        public Duration getSyncInterval() { return syncInterval; }
        public void setSyncInterval(Duration syncInterval) { this.syncInterval = syncInterval; }
        public DataSize getJournalSize() { return journalSize; }
        public void setJournalSize(DataSize journalSize) { this.journalSize = journalSize; }
    }

    public static class Python {
        /** Module directories; PYTHONPATH is honoured too. */
        private List<String> path = new ArrayList<>();

        /**
         * The syslog-ng version the drivers were written for, as syslog-ng's {@code @version}: 4 (typed
         * values, a missing key raises KeyError) or 3.38 (every value bytes, a missing key reads b'').
         */
        private String version = "4";

        /**
         * per-driver (an interpreter per driver instance, so drivers run in parallel) or shared (one
         * interpreter for every driver: module globals shared between drivers, as in syslog-ng).
         * Read at start-up, like path and version.
         */
        private String interpreter = "per-driver";

        /**
         * At start-up, before any source opens, Sluice runs synthetic messages through its own
         * Python bridge drivers (never a user's), so the compiler is done with the bridge before
         * the first real message. Costs up to {@code max-time} of start-up; {@code messages: 0} turns it off.
         */
        private final WarmUp warmUp = new WarmUp();

        public WarmUp getWarmUp() { return warmUp; }
        public String getInterpreter() { return interpreter; }
        public void setInterpreter(String interpreter) { this.interpreter = interpreter; }
        public List<String> getPath() { return path; }
        public void setPath(List<String> path) { this.path = path; }
        public String getVersion() { return version; }
        public void setVersion(String version) { this.version = version; }

        /** Whether LogMessage behaves as in syslog-ng 3.x (syslog-ng 4's compatibility mode). */
        public boolean compat3() { return version != null && version.trim().startsWith("3."); }
    }

    public static class WarmUp {
        private int messages = 200_000;
        private java.time.Duration maxTime = java.time.Duration.ofSeconds(10);

        public int getMessages() { return messages; }
        public void setMessages(int messages) { this.messages = messages; }
        public java.time.Duration getMaxTime() { return maxTime; }
        public void setMaxTime(java.time.Duration maxTime) { this.maxTime = maxTime; }
    }

    public static class Management {
        /** Bearer token required by state-changing management endpoints; unset means they are refused. */
        private String token;

        public String getToken() { return token; }
        public void setToken(String token) { this.token = token; }
    }
}
