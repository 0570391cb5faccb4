package dev.sluice.ops;

import dev.sluice.pipeline.Pipeline;
import dev.sluice.pipeline.PipelineManager;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

import java.util.LinkedHashMap;
import java.util.Map;

/** {@code GET /actuator/pipelines}: every pipeline and driver with its state, counters and last error. */
@Endpoint(id = "pipelines")
public class PipelinesEndpoint {
    private final PipelineManager manager;

    public PipelinesEndpoint(PipelineManager manager) { this.manager = manager; }

    @ReadOperation
    public Map<String, Object> pipelines() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("generation", manager.generation());
        Map<String, Object> pipelines = new LinkedHashMap<>();
        for (Pipeline p : manager.pipelines()) {
            Map<String, Object> drivers = new LinkedHashMap<>();
            for (DriverView d : DriverView.of(java.util.List.of(p))) drivers.put(d.name(), d.describe());
            Map<String, Object> pm = new LinkedHashMap<>();
            pm.put("flowControl", p.flowControl());
            pm.put("drivers", drivers);
            pipelines.put(p.name(), pm);
        }
        out.put("pipelines", pipelines);
        return out;
    }
}
