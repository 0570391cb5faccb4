package dev.sluice.ops;

import dev.sluice.config.ConfigError;
import dev.sluice.config.ConfigException;
import dev.sluice.pipeline.ReloadReport;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /actuator/reload} (or {@code /actuator/reload/dry-run}): re-reads the configuration where Spring Boot read it
 * at start-up, validates it and swaps generations. A refused configuration answers 400 with every
 * error; the running generation is then untouched. Needs the management token (see
 * {@link ManagementTokenFilter}).
 */
@Endpoint(id = "reload")
public class ReloadEndpoint {
    private final ConfigReloader reloader;

    public ReloadEndpoint(ConfigReloader reloader) { this.reloader = reloader; }

    /** {@code POST /actuator/reload}: no body needed. */
    @WriteOperation
    public WebEndpointResponse<Map<String, Object>> reload() {
        return run(false);
    }

    /** {@code POST /actuator/reload/dry-run}: validates as a reload would, changes nothing, binds nothing. */
    @WriteOperation
    public WebEndpointResponse<Map<String, Object>> reload(@Selector String mode) {
        if (!mode.equals("dry-run")) {
            return new WebEndpointResponse<>(Map.of("status", "refused", "error", "unknown reload mode '" + mode + "' (known: dry-run)"), 404);
        }
        return run(true);
    }

    private WebEndpointResponse<Map<String, Object>> run(boolean dryRun) {
        try {
            ReloadReport r = reloader.reload(dryRun);
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("status", r.dryRun() ? "valid" : "reloaded");
            body.put("reload", r.reload());
            body.put("generation", r.generation());
            body.put("durationMs", r.millis());
            body.put("added", r.added());
            body.put("changed", r.changed());
            body.put("removed", r.removed());
            body.put("kept", r.kept());
            return new WebEndpointResponse<>(body, 200);
        } catch (ConfigException e) {
            List<Map<String, Object>> errors = e.errors().stream().map(ReloadEndpoint::describe).toList();
            return new WebEndpointResponse<>(Map.of("status", "refused", "errors", errors), 400);
        }
    }

    private static Map<String, Object> describe(ConfigError e) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (e.pipeline() != null) m.put("pipeline", e.pipeline());
        if (e.driver() != null) m.put("driver", e.driver());
        if (e.key() != null) m.put("key", e.key());
        if (e.origin() != null) m.put("origin", e.origin());
        m.put("message", e.message());
        m.put("text", e.toString());
        return m;
    }
}
