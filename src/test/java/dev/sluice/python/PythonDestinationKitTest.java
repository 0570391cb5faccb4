package dev.sluice.python;

import dev.sluice.config.ConfigNode;
import dev.sluice.driver.Destination;
import dev.sluice.driver.DriverContext;
import dev.sluice.driver.DriverRole;
import dev.sluice.driver.DriverSpec;
import dev.sluice.pipeline.DestinationKit;
import dev.sluice.state.StateStore;
import dev.sluice.template.TemplateCompiler;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The python destination adapter passes the kit with a QUEUED/flush destination whose flush()
 * raises while its receiver is down (one GraalPy engine for the class).
 */
class PythonDestinationKitTest extends DestinationKit {
    private static final Path STATE = Path.of("target/python-kit").toAbsolutePath();
    private static PythonHost host;
    private static StateStore state;

    @BeforeAll
    static void startPython() throws Exception {
        Files.createDirectories(STATE);
        state = StateStore.open(STATE.resolve("state"), StateStore.Settings.DEFAULT);
        host = new PythonHost(STATE, List.of(Path.of("src/test/resources/python").toAbsolutePath().toString()),
                new PythonBridge(new PersistStore(state), TemplateCompiler::withBuiltins));
    }

    @AfterAll
    static void stopPython() throws Exception {
        host.close();
        state.close();
    }

    private Path out() { return dir.resolve("out.log"); }

    private Path flag() { return dir.resolve("down"); }

    @Override
    protected Destination newDestination() {
        Map<String, ConfigNode> options = Map.of(
                "class", new ConfigNode("kitdest.KitDestination", "test"),
                "options", new ConfigNode(Map.of("path", new ConfigNode(out().toString(), "test"),
                        "flag", new ConfigNode(flag().toString(), "test")), "test"));
        DriverSpec spec = new DriverSpec("kit", "dest", DriverRole.DESTINATION, "python", options, "test");
        Destination d = new PythonDestinationFactory(host).create(spec, new DriverContext(TemplateCompiler.withBuiltins(), STATE));
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
