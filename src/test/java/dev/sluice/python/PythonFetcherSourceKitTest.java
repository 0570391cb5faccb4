package dev.sluice.python;

import dev.sluice.driver.Source;
import dev.sluice.pipeline.SourceKit;

/** The python-fetcher adapter passes the kit with a fetcher that produces its own numbered messages. */
class PythonFetcherSourceKitTest extends SourceKit {
    @Override
    protected Source newSource(int count, int window) throws Exception {
        return TestPython.kitSource(new PythonFetcherFactory(TestPython.host()), "python-fetcher", "kitfetcher.Numbered", count, window);
    }

    @Override
    protected void produce(int from, int to) {
        // the fetcher produces its own messages
    }
}
