package dev.sluice.python;

import dev.sluice.state.StateStore;
import dev.sluice.template.TemplateCompiler;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a new configuration generation does to Python, as in syslog-ng's reload: the inline code
 * runs again in a fresh namespace (its globals reset), imported modules keep their globals, and
 * importlib.reload() in the inline code picks up a changed module file.
 */
class PythonReloadTest {
    private static final Path MODULES = Path.of("target/reload-modules").toAbsolutePath();
    private static PythonHost host;
    private static StateStore state;

    @BeforeAll
    static void start() throws Exception {
        Files.createDirectories(MODULES);
        Files.writeString(MODULES.resolve("counter.py"), "hits = 0\nversion = 'v1'\n");
        Files.writeString(MODULES.resolve("reloaded.py"), "version = 'v1'\n");
        state = StateStore.open(Path.of("target/reload-state"), StateStore.Settings.DEFAULT);
        host = new PythonHost(Path.of("target/reload-state"), List.of(MODULES.toString()),
                new PythonBridge(new PersistStore(state), TemplateCompiler::withBuiltins));
    }

    @AfterAll
    static void stop() throws Exception {
        if (host != null) host.close();
        if (state != null) state.close();
    }

    private static final String INLINE = """
            import counter, importlib, reloaded
            importlib.reload(reloaded)
            counter.hits += 1
            try:
                generations += 1
            except NameError:
                generations = 1
            """;

    @Test
    void inline_globals_reset_module_globals_kept_and_importlib_reload_works() throws Exception {
        host.setInlineCode(INLINE);
        PythonContext py = host.context("p");
        assertThat(py.eval("import _syslogng_main\n_syslogng_main.generations")).isEqualTo("1");
        assertThat(py.eval("import counter\ncounter.hits")).isEqualTo("1");
        assertThat(py.eval("import reloaded\nreloaded.version")).isEqualTo("v1");

        Files.writeString(MODULES.resolve("counter.py"), "hits = 0\nversion = 'v2'\n");
        Files.writeString(MODULES.resolve("reloaded.py"), "version = 'v2'\n");
        host.setInlineCode(INLINE); // the next configuration generation

        assertThat(py.eval("import _syslogng_main\n_syslogng_main.generations")).as("inline globals reset").isEqualTo("1");
        assertThat(py.eval("import counter\ncounter.hits")).as("module globals kept").isEqualTo("2");
        assertThat(py.eval("import counter\ncounter.version")).as("modules are not re-imported").isEqualTo("v1");
        assertThat(py.eval("import reloaded\nreloaded.version")).as("importlib.reload re-reads the file").isEqualTo("v2");
    }
}
