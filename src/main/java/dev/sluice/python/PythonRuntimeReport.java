package dev.sluice.python;

import org.graalvm.polyglot.Engine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * Logs at start-up whether Python will run on Truffle's optimizing runtime (Graal JIT) or only
 * interpreted, which is 5–30× slower: from the engine of the running pipelines when there is one,
 * otherwise from the modules the JVM was started with.
 */
@Component
public class PythonRuntimeReport implements ApplicationRunner {
    private static final Logger log = LoggerFactory.getLogger(PythonRuntimeReport.class);
    private final PythonHost host;

    public PythonRuntimeReport(PythonHost host) { this.host = host; }

    @Override
    public void run(ApplicationArguments args) {
        Engine running = host.engine();
        if (running != null) {
            report(running);
            return;
        }
        // No Python driver yet: judged from the JVM's modules rather than by starting an engine,
        // which would take seconds of CPU from the first traffic. The first Python context logs
        // its engine's own name.
        if (InterpreterJitPolicy.graalJitPresent()) {
            log.info("Python runtime: GraalVM compiler present (optimizing JIT active for Python drivers); {}", InterpreterJitPolicy.outcome());
        } else {
            log.warn(INTERPRETED, "no JVMCI or no Graal compiler on the upgrade module path");
        }
    }

    private static final String INTERPRETED = "Python runtime: {} — the Graal JIT is not active, Python drivers will be slow. "
            + "Start the JVM with the flags in README (JVMCI, --upgrade-module-path=<jit jars>).";

    private static void report(Engine engine) {
        String impl = engine.getImplementationName();
        if (impl.toLowerCase().contains("interpreted")) {
            log.warn(INTERPRETED, impl);
        } else {
            log.info("Python runtime: {} (optimizing JIT active), GraalPy {}; {}", impl, engine.getVersion(), InterpreterJitPolicy.outcome());
        }
    }
}
