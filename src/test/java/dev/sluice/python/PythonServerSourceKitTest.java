package dev.sluice.python;

import dev.sluice.driver.Source;
import dev.sluice.pipeline.SourceKit;

/** The python (server-style LogSource) adapter passes the kit: post_message() waits for window room. */
class PythonServerSourceKitTest extends SourceKit {
    @Override
    protected Source newSource(int count, int window) throws Exception {
        return TestPython.kitSource(new PythonSourceFactory(TestPython.host()), "python", "kitfetcher.NumberedSource", count, window);
    }

    @Override
    protected void produce(int from, int to) {
        // run() posts its own messages
    }
}
