package dev.sluice.python;

import org.junit.jupiter.api.Test;

import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a Python host sets up for a fast start: cached bytecode for the standard library and the
 * bridge (never for user modules), and the JIT policy that keeps C2 off the Truffle interpreter.
 */
class PythonStartupCacheTest {

    @Test
    void the_runtime_starts_from_cached_bytecode_but_user_modules_are_read_from_source() throws Exception {
        PythonContext c = TestPython.host().context("startup-cache-test");
        assertThat(c.eval("import myparser\nmyparser.__name__")).isEqualTo("myparser");

        List<String> cached = pycFiles(TestPython.STATE.resolve("python-cache/pyc"));
        assertThat(cached).anyMatch(p -> p.contains("syslogng") && p.endsWith(".pyc"))
                .anyMatch(p -> p.contains("_sluice.") && p.endsWith(".pyc"))
                .anyMatch(p -> p.contains("/json/") && p.endsWith(".pyc"))
                .noneMatch(p -> p.contains("myparser"));
        assertThat(pycFiles(Path.of("src/test/resources/python"))).isEmpty();
        assertThat(c.eval("import sys\nstr(sys.dont_write_bytecode)")).isEqualTo("True");
    }

    @Test
    void c2_leaves_truffle_graalpy_and_graal_to_c1_when_the_optimizing_runtime_runs() throws Exception {
        PythonHost host = TestPython.host();
        host.context("startup-cache-test");
        assertThat(host.engine().getImplementationName()).as("the test JVM runs with the Graal JIT").doesNotContainIgnoringCase("interpreted");

        Object printed = ManagementFactory.getPlatformMBeanServer().invoke(new ObjectName("com.sun.management:type=DiagnosticCommand"),
                "compilerDirectivesPrint", new Object[]{new String[0]}, new String[]{String[].class.getName()});
        String directives = String.valueOf(printed);
        assertThat(directives).contains("com/oracle/truffle/*.*", "com/oracle/graal/*.*", "jdk/graal/*.*");
        String ours = directives.substring(directives.indexOf("com/oracle/truffle/*.*"));
        String c2 = ours.substring(ours.indexOf("c2 directives:"), ours.indexOf("Directive:"));
        assertThat(c2).contains("Exclude:true");
    }

    private static List<String> pycFiles(Path dir) throws Exception {
        if (!Files.isDirectory(dir)) return List.of();
        try (Stream<Path> s = Files.walk(dir)) {
            return s.map(Path::toString).filter(p -> p.endsWith(".pyc") || p.endsWith("__pycache__")).toList();
        }
    }
}
