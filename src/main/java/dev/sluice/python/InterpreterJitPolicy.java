package dev.sluice.python;

import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Keeps HotSpot's C2 away from the Truffle interpreter, GraalPy and the Graal compiler, leaving
 * them to C1. On a stock JDK the Graal compiler runs as plain Java (no libgraal), and C2 otherwise
 * spends tens of CPU seconds optimising it and GraalPy's interpreter nodes, on the 2 cores that
 * also carry the first messages. The Python code itself is compiled by Graal either way, so its
 * steady state is unchanged; what changes is the warm-up (measured in README "Warm-up").
 *
 * <p>Only with the optimizing runtime (the Graal compiler module present): without it GraalPy's
 * interpreter is the message path and needs C2. Installed first thing in {@code main}, before any of
 * that code is hot, and again (once per JVM) by the Python host for embedders and tests.
 * {@code -Ddev.sluice.python.c2ForInterpreter=true} turns the policy off.
 */
public final class InterpreterJitPolicy {
    /** HotSpot compiler directives: the packages of Truffle, GraalPy, the polyglot API, JVMCI and Graal. */
    static final String DIRECTIVES = """
            [ { match: ["com/oracle/truffle/*.*", "com/oracle/graal/*.*", "org/graalvm/*.*", "jdk/graal/*.*", "jdk/vm/ci/*.*"],
                c2: { Exclude: true } } ]
            """;

    private static boolean applied;
    private static volatile String outcome = "JIT: compiler directives not installed";

    private InterpreterJitPolicy() {}

    /** Whether Truffle can use the Graal compiler: JVMCI enabled and the compiler module on the upgrade path. */
    public static boolean graalJitPresent() {
        return ModuleLayer.boot().findModule("jdk.graal.compiler").isPresent()
                && ModuleLayer.boot().findModule("jdk.internal.vm.ci").isPresent();
    }

    /** What {@link #apply()} did, for the start-up report (main runs before logging is set up). */
    public static String outcome() { return outcome; }

    /** Installs the directives once per JVM; a JVM that cannot (not HotSpot) keeps its defaults. */
    public static synchronized void apply() {
        if (applied) return;
        applied = true;
        if (Boolean.getBoolean("dev.sluice.python.c2ForInterpreter")) {
            outcome = "JIT: C2 compiles the Truffle interpreter too (-Ddev.sluice.python.c2ForInterpreter=true)";
            return;
        }
        if (!graalJitPresent()) { // interpreter only: C2 is its JIT
            outcome = "JIT: no Graal compiler, so C2 keeps the Truffle interpreter";
            return;
        }
        Path file = null;
        try {
            file = Files.createTempFile("sluice-compiler-directives", ".json");
            Files.writeString(file, DIRECTIVES);
            Object answer = ManagementFactory.getPlatformMBeanServer().invoke(
                    new ObjectName("com.sun.management:type=DiagnosticCommand"), "compilerDirectivesAdd",
                    new Object[]{new String[]{file.toString()}}, new String[]{String[].class.getName()});
            outcome = "JIT: Truffle, GraalPy and the Graal compiler are left to C1 (" + String.valueOf(answer).strip()
                    + "); -Ddev.sluice.python.c2ForInterpreter=true turns this off";
        } catch (Exception | LinkageError e) {
            outcome = "JIT: compiler directives not installed (" + e + "); Python warms up more slowly";
        } finally {
            if (file != null) file.toFile().delete(); // read once, when added
        }
    }
}
