package dev.sluice.python;

import dev.sluice.state.StateStore;
import dev.sluice.template.TemplateCompiler;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code sluice.python.version: 3.38}: LogMessage as syslog-ng 3.38 measured it (API reference §3.3,
 * §3.4) — the answers below are the 3.38 column, which DriverRuntimeParityTest shows syslog-ng gives.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PythonCompatibilityTest {
    private StateStore state;
    private PythonHost host;

    @BeforeAll
    void start() throws Exception {
        Path dir = Files.createDirectories(Path.of("target/python-compat").toAbsolutePath());
        state = StateStore.open(Files.createTempDirectory(dir, "state"), StateStore.Settings.DEFAULT);
        host = new PythonHost(dir, List.of(), new PythonBridge(new PersistStore(state), TemplateCompiler::withBuiltins), true);
    }

    @AfterAll
    void stop() throws Exception {
        host.close();
        state.close();
    }

    private String eval(String expression) {
        return host.context("compat").eval("import syslogng\nm = syslogng.LogMessage('hello')\nrepr(" + expression + ")");
    }

    @Test
    void a_missing_key_reads_empty_bytes() {
        assertThat(eval("m['nope']")).isEqualTo("b''");
        assertThat(eval("m['MESSAGE']")).isEqualTo("b'hello'");
    }

    @Test
    void only_str_and_bytes_can_be_set() {
        assertThat(eval("(m.__setitem__('s', 'v'), m['s'])[1]")).isEqualTo("b'v'");
        String error = host.context("compat").eval("""
                import syslogng
                m = syslogng.LogMessage('hello')
                try:
                    m['n'] = 5
                    r = 'accepted'
                except ValueError as e:
                    r = str(e)
                r""");
        assertThat(error).startsWith("str or unicode object expected as log message values, got type int (key n).");
    }
}
