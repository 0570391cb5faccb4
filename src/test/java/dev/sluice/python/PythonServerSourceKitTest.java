package dev.sluice.python;

import dev.sluice.driver.DriverRole;
import dev.sluice.driver.DriverSpec;
import dev.sluice.driver.Source;
import dev.sluice.pipeline.SourceKit;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The python (server-style LogSource) adapter passes the kit: post_message() waits for window room. */
class PythonServerSourceKitTest extends SourceKit {
    @Override
    protected Source newSource(int count, int window) throws Exception {
        DriverSpec spec = TestPython.spec(DriverRole.SOURCE, "python", "kitfetcher.NumberedSource", Map.of("count", count));
        spec.options().put("log-iw-size", new dev.sluice.config.ConfigNode(window, "test"));
        Source s = new PythonSourceFactory(TestPython.host()).create(spec, TestPython.context());
        assertThat(spec.errors()).isEmpty();
        return s;
    }

    @Override
    protected void produce(int from, int to) {
        // run() posts its own messages
    }
}
