package dev.sluice.python;

import dev.sluice.state.StateStore;
import dev.sluice.template.TemplateCompiler;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** syslogng.Persist on the durable state store: syslog-ng's dict semantics, and values that outlive a restart. */
class PythonPersistTest {
    private static final Path DIR = Path.of("target/persist-test").toAbsolutePath();

    private static String run(String code, String inline) throws Exception {
        try (StateStore state = StateStore.open(DIR, StateStore.Settings.DEFAULT)) {
            PythonHost host = new PythonHost(DIR, List.of(), new PythonBridge(new PersistStore(state), TemplateCompiler::withBuiltins));
            try {
                host.setInlineCode(inline);
                return host.context("p").eval(code);
            } finally {
                host.close();
            }
        }
    }

    @Test
    void persist_behaves_like_syslog_ngs_and_survives_a_restart() throws Exception {
        org.springframework.util.FileSystemUtils.deleteRecursively(DIR.resolve("state").toFile());
        Files.createDirectories(DIR);
        String first = run("""
                from syslogng import Persist
                p = Persist("driver_a", defaults={"counter": 1, "name": "x"})
                p["counter"] += 41
                p["name"] = "str"
                p["raw"] = b"\\xff\\x00bytes"
                p["big"] = 2 ** 70
                p[b"bkey"] = "from a bytes key"
                errors = []
                try:
                    p["missing"]
                except KeyError as e:
                    errors.append("KeyError")
                try:
                    p["a##b"] = 1
                except ValueError:
                    errors.append("ValueError key")
                try:
                    Persist("x##y")
                except ValueError:
                    errors.append("ValueError name")
                try:
                    p["flag"] = True
                except TypeError:
                    errors.append("TypeError bool")
                other = Persist("driver_b")
                other["counter"] = 7
                edges = Persist("int64_edges")  # the last int64 values go to cells, one past them as text
                edges["max"], edges["min"] = 2 ** 63 - 1, -2 ** 63
                edges["over"], edges["under"] = 2 ** 63, -2 ** 63 - 1
                repr((sorted(p), errors, "missing" in p, "counter" in p))
                """, "");
        assertThat(first).isEqualTo("(['big', 'bkey', 'counter', 'name', 'raw'], ['KeyError', 'ValueError key', "
                + "'ValueError name', 'TypeError bool'], False, True)");

        String afterRestart = run("""
                from syslogng import Persist
                p = Persist("driver_a", defaults={"counter": 1000})
                e = Persist("int64_edges")
                repr((p["counter"], p["name"], p["raw"], p["big"], p["bkey"], Persist("driver_b")["counter"],
                      e["max"], e["min"], e["over"], e["under"]))
                """, "");
        assertThat(afterRestart).isEqualTo("(42, 'str', b'\\xff\\x00bytes', 1180591620717411303424, 'from a bytes key', 7, "
                + "9223372036854775807, -9223372036854775808, 9223372036854775808, -9223372036854775809)");
    }

    @Test
    void persist_is_refused_before_init_while_the_inline_code_loads() throws Exception {
        String early = run("import _syslogng_main\n_syslogng_main.early", """
                import syslogng
                try:
                    syslogng.Persist("too_early")
                    early = "no error"
                except RuntimeError as e:
                    early = "RuntimeError: " + str(e)
                """);
        assertThat(early).startsWith("RuntimeError");
    }
}
