package dev.sluice.python;

import dev.sluice.config.ConfigNode;
import dev.sluice.driver.DriverContext;
import dev.sluice.driver.DriverFactory;
import dev.sluice.driver.DriverRole;
import dev.sluice.driver.DriverSpec;
import dev.sluice.driver.Source;
import dev.sluice.state.StateStore;
import dev.sluice.template.TemplateCompiler;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** One GraalPy host for the in-process Python driver tests of this JVM (an engine costs seconds to start). */
final class TestPython {
    static final Path STATE = Path.of("target/python-kit").toAbsolutePath();
    private static PythonHost host;

    private TestPython() {}

    static synchronized PythonHost host() throws Exception {
        if (host == null) {
            Files.createDirectories(STATE);
            StateStore state = StateStore.open(STATE.resolve("state"), StateStore.Settings.DEFAULT);
            host = new PythonHost(STATE, List.of(Path.of("src/test/resources/python").toAbsolutePath().toString()),
                    new PythonBridge(new PersistStore(state), TemplateCompiler::withBuiltins));
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                host.close();
                try {
                    state.close();
                } catch (Exception ignored) {
                    // the JVM is going away
                }
            }));
        }
        return host;
    }

    static DriverContext context() { return new DriverContext(TemplateCompiler.withBuiltins(), STATE); }

    /** A Python source of the kit: class {@code cls} with option {@code count}, window {@code log-iw-size}, built by {@code factory}. */
    static Source kitSource(DriverFactory<Source> factory, String type, String cls, int count, int window) {
        DriverSpec spec = spec(DriverRole.SOURCE, type, cls, Map.of("count", count));
        spec.options().put("log-iw-size", new ConfigNode(window, "test"));
        Source s = factory.create(spec, context());
        if (!spec.errors().isEmpty()) throw new IllegalStateException(spec.errors().toString());
        return s;
    }

    /** A spec of {@code type} for {@code cls} with its Python {@code options}. */
    static DriverSpec spec(DriverRole role, String type, String cls, Map<String, Object> options) {
        Map<String, ConfigNode> pyOptions = new java.util.LinkedHashMap<>();
        options.forEach((k, v) -> pyOptions.put(k, new ConfigNode(v, "test")));
        return new DriverSpec("kit", role.name().toLowerCase(), role, type, Map.of(
                "class", new ConfigNode(cls, "test"), "options", new ConfigNode(pyOptions, "test")), "test");
    }
}
