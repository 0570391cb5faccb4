package dev.sluice.python;

import dev.sluice.driver.Destination;
import dev.sluice.driver.DriverRole;
import dev.sluice.driver.DriverSpec;
import dev.sluice.pipeline.DestinationKit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The python destination adapter passes the kit with a QUEUED/flush destination whose flush()
 * raises while its receiver is down ({@link PythonNotConnectedDestinationKitTest}: returns
 * NOT_CONNECTED instead).
 */
class PythonDestinationKitTest extends DestinationKit {
    /** How the outage shows from Python: an exception (the default) or NOT_CONNECTED. */
    protected String outage() { return "raise"; }

    private Path out() { return dir.resolve("out.log"); }

    private Path flag() { return dir.resolve("down"); }

    @Override
    protected Destination newDestination() throws Exception {
        DriverSpec spec = TestPython.spec(DriverRole.DESTINATION, "python", "kitdest.KitDestination",
                Map.of("path", out().toString(), "flag", flag().toString(), "outage", outage()));
        Destination d = new PythonDestinationFactory(TestPython.host()).create(spec, TestPython.context());
        assertThat(spec.errors()).isEmpty();
        return d;
    }

    @Override
    protected String delivered() throws IOException { return Files.exists(out()) ? Files.readString(out()) : ""; }

    @Override
    protected boolean breakDestination() throws IOException {
        Files.writeString(flag(), "down");
        return true;
    }

    @Override
    protected void repair() throws IOException { Files.deleteIfExists(flag()); }
}
