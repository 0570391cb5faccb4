package dev.sluice.python;

import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Engine;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Value;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import dev.sluice.config.ConfigError;
import dev.sluice.pipeline.InlineCode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Hosts Python. One engine (shared compiled code) and one interpreter (Context) per driver
 * instance, created on first use and kept across configuration generations by the instance's id,
 * so imported modules keep their globals across reloads as in syslog-ng; separate interpreters
 * keep a fetcher, a parser and a destination worker from taking turns on one interpreter lock.
 * {@link Interpreter#SHARED} puts every driver in one interpreter instead: syslog-ng's exact
 * semantics for module globals that several drivers share. The inline {@code sluice.python.code}
 * runs again, in a fresh {@code _syslogng_main} module, in every interpreter at every generation.
 */
public final class PythonHost implements AutoCloseable, InlineCode {
    private static final Logger log = LoggerFactory.getLogger(PythonHost.class);

    private final Path libDir;
    private final Path cacheDir;
    private final Path pycacheDir;
    private final List<String> path;
    private final PythonBridge bridge;
    private final Interpreter interpreter;
    /** Interpreters by driver instance id ({@code DriverSpec.instanceId()}), or the one under {@link #SHARED_KEY}. */
    private final Map<String, PythonContext> contexts = new ConcurrentHashMap<>();
    private volatile Engine engine;
    private volatile String inlineCode;
    private PythonContext checkContext;
    private PythonWarmUp warmUp = new PythonWarmUp(0, java.time.Duration.ZERO);
    private volatile PythonWarmUp.Outcome warmedUp;
    private static final String WARM_UP_KEY = "__warm-up__";

    /** syslog-ng 3.x semantics for LogMessage values ({@code sluice.python.version: 3.38}). */
    private final boolean compat3;

    public PythonHost(Path stateDir, List<String> modulePath, PythonBridge bridge) {
        this(stateDir, modulePath, bridge, false);
    }

    /** {@code sluice.python.interpreter}: how drivers map to interpreters. */
    public enum Interpreter {
        /** An interpreter per driver instance (the default): drivers run in parallel, module globals are per driver. */
        PER_DRIVER,
        /** One interpreter for every driver: module globals shared between drivers, as in syslog-ng; one lock for all. */
        SHARED;

        /** The value as written in the configuration ({@code per-driver} or {@code shared}), null when it is neither. */
        public static Interpreter of(String written) {
            return switch (written == null ? "per-driver" : written.trim()) {
                case "per-driver" -> PER_DRIVER;
                case "shared" -> SHARED;
                default -> null;
            };
        }
    }

    private static final String SHARED_KEY = "*shared*";

    public PythonHost(Path stateDir, List<String> modulePath, PythonBridge bridge, boolean compat3) {
        this(stateDir, modulePath, bridge, compat3, Interpreter.PER_DRIVER);
    }

    public PythonHost(Path stateDir, List<String> modulePath, PythonBridge bridge, boolean compat3, Interpreter interpreter) {
        this.compat3 = compat3;
        this.interpreter = interpreter;
        this.libDir = stateDir.resolve("python-lib").toAbsolutePath();
        this.cacheDir = stateDir.resolve("python-cache").toAbsolutePath();
        this.pycacheDir = cacheDir.resolve("pyc");
        this.bridge = bridge;
        List<String> p = new ArrayList<>();
        p.add(libDir.toString());
        for (String dir : modulePath) p.add(Path.of(dir).toAbsolutePath().toString());
        String env = System.getenv("PYTHONPATH");
        if (env != null && !env.isBlank()) p.addAll(List.of(env.split(":")));
        this.path = List.copyOf(p);
        if (System.getProperty("polyglot.engine.userResourceCache") == null) {
            System.setProperty("polyglot.engine.userResourceCache", cacheDir.toString());
        }
    }

    @Override
    public String current() { return inlineCode == null ? "" : inlineCode; }

    @Override
    public void apply(String code) { setInlineCode(code); }

    /** The inline code a dry-run build checks class names against, on the building thread only. */
    private final ThreadLocal<String> dryRunCode = new ThreadLocal<>();

    @Override
    public <T> T dryRun(String code, java.util.function.Supplier<T> build) {
        dryRunCode.set(code == null ? "" : code);
        try {
            return build.get();
        } finally {
            dryRunCode.remove();
        }
    }

    /** During a dry-run build, the candidate inline code; else null. */
    String dryRunInlineCode() { return dryRunCode.get(); }

    /** Compiles the inline code in a context without running it; a syntax error comes back located. */
    @Override
    public List<ConfigError> check(String code) {
        if (code == null || code.isBlank()) return List.of();
        PythonContext c = contexts.values().stream().findFirst().orElseGet(this::checkContext);
        String error = c.compileError(code, "<sluice.python.code>");
        return error == null ? List.of() : List.of(ConfigError.global("sluice.python.code", null, "inline Python does not compile: " + error));
    }

    /** Sets the inline code of the configuration generation; it runs in each context when first used. */
    public synchronized void setInlineCode(String code) {
        this.inlineCode = code;
        for (PythonContext c : contexts.values()) c.loadMain(code == null ? "" : code); // none: a fresh, empty main module
    }

    /**
     * The interpreter of a driver instance ({@code DriverSpec.instanceId()}), created with the inline
     * code loaded on first use; with {@link Interpreter#SHARED}, the one interpreter of all drivers.
     */
    public PythonContext context(String driverInstance) {
        String key = interpreter == Interpreter.SHARED ? SHARED_KEY : driverInstance;
        PythonContext c = contexts.get(key);
        if (c != null) return c;
        synchronized (this) {
            c = contexts.get(key);
            if (c == null) {
                c = create(key);
                contexts.put(key, c);
            }
            return c;
        }
    }

    /** The keys of the running interpreters (the compile-only one not among them): driver instances, or the shared one. */
    Set<String> interpreterIds() { return Set.copyOf(contexts.keySet()); }

    /**
     * Closes the interpreters of drivers that are no longer configured (their threads have stopped):
     * a driver removed by a reload frees its memory. Worker instances ({@code id#n}) go with their driver.
     */
    @Override
    public synchronized void retain(Collection<String> driverIds) {
        if (interpreter == Interpreter.SHARED) return;
        Set<String> live = Set.copyOf(driverIds);
        for (var it = contexts.entrySet().iterator(); it.hasNext(); ) {
            var e = it.next();
            String key = e.getKey();
            int hash = key.lastIndexOf('#');
            if (live.contains(hash < 0 ? key : key.substring(0, hash))) continue;
            it.remove();
            e.getValue().close();
            log.info("Python interpreter of driver '{}' closed: the driver is no longer configured", key);
        }
    }

    /**
     * Sets the start-up warm-up ({@code sluice.python.warm-up}): at most {@code messages} synthetic
     * messages through Sluice's own bridge drivers, for at most {@code maxTime}, when the engine starts.
     */
    public void setWarmUp(int messages, java.time.Duration maxTime) { this.warmUp = new PythonWarmUp(messages, maxTime); }

    /** What the start-up warm-up did, or null when none ran (off, interpreted only, failed, or no Python driver yet). */
    public PythonWarmUp.Outcome warmedUp() { return warmedUp; }

    private void warmUp() {
        if (engine.getImplementationName().toLowerCase().contains("interpreted")) return; // nothing would be compiled
        PythonContext c = create(WARM_UP_KEY, false);
        try {
            warmedUp = warmUp.run(c);
        } catch (RuntimeException e) { // a failed warm-up costs speed, never the start
            log.warn("Python warm-up failed; the first messages run interpreted: {}", e.toString());
        } finally {
            c.close();
        }
    }

    /** A context only for compiling, when no pipeline has one yet: it never runs the inline code. */
    private synchronized PythonContext checkContext() {
        if (checkContext == null) checkContext = create("__check__", false);
        return checkContext;
    }

    private PythonContext create(String key) {
        return create(key, true);
    }

    private PythonContext create(String key, boolean loadInlineCode) {
        long t0 = System.nanoTime();
        if (engine == null) {
            extractBundledPackage(); // once per host, with the engine: every context reads the same files
            InterpreterJitPolicy.apply();
            engine = newEngine();
            if (warmUp.enabled()) warmUp();
        }
        Context ctx = Context.newBuilder("python")
                .engine(engine)
                .allowAllAccess(true)
                .option("python.PythonPath", String.join(":", path))
                .option("python.DontWriteBytecodeFlag", "false")
                .option("python.PyCachePrefix", pycacheDir.toString())
                .build();
        ctx.getPolyglotBindings().putMember("sluice_bridge", bridge);
        Value glue = ctx.eval("python", "import _sluice\n_sluice");
        // The standard library and the bridge start from cached bytecode (seconds of each start-up);
        // user modules are read from source as before, so an edited module is never shadowed by a stale .pyc.
        ctx.eval("python", "import sys\nsys.dont_write_bytecode = True");
        if (compat3) ctx.eval("python", "import syslogng\nsyslogng._COMPAT_3 = True");
        PythonContext c = new PythonContext(key, ctx, glue, bridge);
        if (loadInlineCode && inlineCode != null) c.loadMain(inlineCode);
        log.info("Python interpreter for {} ready in {} ms ({})", key.equals(SHARED_KEY) ? "all drivers" : "driver '" + key + "'",
                (System.nanoTime() - t0) / 1_000_000, engine.getImplementationName());
        return c;
    }

    /**
     * Python's import machinery runs hot while the interpreter starts and never again. Left
     * eligible, its compilation (seconds each on 2 cores, measured) occupies the compiler while the
     * message path waits, interpreted: a template function ran below 7k msg/s for 10 s after start,
     * and above 200k/s from the 8th second once the import functions were excluded. An operator's
     * own {@code -Dpolyglot.engine.CompileOnly} wins.
     */
    static final String SKIP_IMPORT_MACHINERY = "~_find_and_load_unlocked,~_find_and_load,~find_spec,~_find_spec,"
            + "~_load_unlocked,~exec_module,~get_code,~_call_with_frames_removed";

    private static Engine newEngine() {
        Engine.Builder b = Engine.newBuilder("python").option("engine.WarnInterpreterOnly", "false");
        if (System.getProperty("polyglot.engine.CompileOnly") == null) {
            b.allowExperimentalOptions(true).option("engine.CompileOnly", SKIP_IMPORT_MACHINERY);
        }
        return b.build();
    }

    /** Copies the bundled syslogng package out of the jar so GraalPy can import it. */
    private void extractBundledPackage() {
        try {
            Files.createDirectories(libDir);
            for (Resource r : new PathMatchingResourcePatternResolver().getResources("classpath*:python/**/*.py")) {
                String url = r.getURL().toString();
                String rel = url.substring(url.lastIndexOf("/python/") + "/python/".length());
                Path target = libDir.resolve(rel);
                Files.createDirectories(target.getParent());
                byte[] content;
                try (InputStream in = r.getInputStream()) {
                    content = in.readAllBytes();
                }
                // Rewritten only when changed: a new modification time would invalidate its cached bytecode.
                if (!Files.exists(target) || !Arrays.equals(Files.readAllBytes(target), content)) Files.write(target, content);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpack the bundled syslogng package into " + libDir, e);
        }
    }

    /** The engine of the drivers' interpreters, null before the first one. */
    Engine engine() { return engine; }

    @Override
    public synchronized void close() {
        for (PythonContext c : contexts.values()) c.close();
        contexts.clear();
        if (checkContext != null) checkContext.close();
        if (engine != null) engine.close();
    }

    /** A readable Python error: "TypeError: text" plus the Python frames. */
    public static String describe(PolyglotException e) {
        StringBuilder sb = new StringBuilder(String.valueOf(e.getMessage()));
        StringBuilder tb = new StringBuilder();
        for (PolyglotException.StackFrame f : e.getPolyglotStackTrace()) {
            if (f.isGuestFrame() && f.getSourceLocation() != null) {
                tb.append("\n  File \"").append(f.getSourceLocation().getSource().getName()).append("\", line ")
                        .append(f.getSourceLocation().getStartLine()).append(", in ").append(f.getRootName());
            }
        }
        if (!tb.isEmpty()) sb.append("\nTraceback (most recent call last):").append(tb);
        return sb.toString();
    }
}
