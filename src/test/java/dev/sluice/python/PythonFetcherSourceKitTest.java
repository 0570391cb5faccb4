package dev.sluice.python;

import dev.sluice.driver.DriverRole;
import dev.sluice.driver.DriverSpec;
import dev.sluice.driver.Source;
import dev.sluice.pipeline.SourceKit;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The python-fetcher adapter passes the kit with a fetcher that produces its own numbered messages. */
class PythonFetcherSourceKitTest extends SourceKit {
    @Override
    protected Source newSource(int count, int window) throws Exception {
        DriverSpec spec = TestPython.spec(DriverRole.SOURCE, "python-fetcher", "kitfetcher.Numbered", Map.of("count", count));
        spec.options().put("log-iw-size", new dev.sluice.config.ConfigNode(window, "test"));
        Source s = new PythonFetcherFactory(TestPython.host()).create(spec, TestPython.context());
        assertThat(spec.errors()).isEmpty();
        return s;
    }

    @Override
    protected void produce(int from, int to) {
        // the fetcher produces its own messages
    }
}
