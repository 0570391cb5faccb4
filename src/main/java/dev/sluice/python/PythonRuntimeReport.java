package dev.sluice.python;

import org.graalvm.polyglot.Engine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * Logs at start-up whether Python will run on Truffle's optimizing runtime (Graal JIT) or only
 * interpreted, which is 5–30× slower. Reports the engine of the running pipelines when there is
 * one; otherwise creates one in the background (it takes seconds, and CPU that traffic arriving
 * just after start-up would otherwise have).
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
        Thread.ofPlatform().daemon(true).name("python-runtime-report").start(() -> {
            try (Engine engine = Engine.newBuilder("python").option("engine.WarnInterpreterOnly", "false").build()) {
                report(engine);
            } catch (Throwable t) {
                log.warn("Python runtime unavailable: {}", t.toString());
            }
        });
    }

    private static void report(Engine engine) {
        String impl = engine.getImplementationName();
        if (impl.toLowerCase().contains("interpreted")) {
            log.warn("Python runtime: {} — the Graal JIT is not active, Python drivers will be slow. "
                    + "Start the JVM with the flags in README (JVMCI, --upgrade-module-path=<jit jars>).", impl);
        } else {
            log.info("Python runtime: {} (optimizing JIT active), GraalPy {}; {}", impl, engine.getVersion(), InterpreterJitPolicy.outcome());
        }
    }
}
