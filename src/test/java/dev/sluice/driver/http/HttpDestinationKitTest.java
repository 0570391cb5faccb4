package dev.sluice.driver.http;

import dev.sluice.driver.Destination;
import dev.sluice.pipeline.DestinationKit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import java.util.List;
import java.util.Map;

/** The http destination passes the kit against a real HTTP server; its outage is the server answering 503. */
class HttpDestinationKitTest extends DestinationKit {
    private RecordingHttpServer server;

    @BeforeEach
    void start() throws Exception { server = new RecordingHttpServer(); }

    @AfterEach
    void stop() { server.close(); }

    @Override
    protected Destination newDestination() {
        return HttpDestinations.build(Map.of("url", server.url("/ingest"), "template", "$MESSAGE", "batch-bytes", "4096"));
    }

    @Override
    protected String delivered() { return server.bodies(); }

    @Override
    protected boolean breakDestination() {
        server.answer = r -> new RecordingHttpServer.Answer(503, "overloaded", Map.of("Retry-After", "0"));
        return true;
    }

    @Override
    protected void repair() { server.answer = r -> RecordingHttpServer.Answer.ok(); }
}
