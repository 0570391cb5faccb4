package dev.sluice.python;

import dev.sluice.driver.PersistentDriver;
import dev.sluice.message.ParseOptions;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Value;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A user's Python driver object and the calls every kind shares: instantiate, init, optional
 * methods. Every Python exception is logged once per burst with driver, class, method and traceback.
 */
class PythonDriver implements PersistentDriver {
    private static final Logger log = LoggerFactory.getLogger(PythonDriver.class);

    final String id;
    final PythonContext py;
    final PythonDriverConfig config;
    Value instance;
    private String persistName;
    private long lastErrorLog;
    private long suppressed;

    PythonDriver(String id, PythonContext py, PythonDriverConfig config) {
        this.id = id;
        this.py = py;
        this.config = config;
    }

    /** Resolves and instantiates the class, then calls init(options); failure fails the start. */
    void instantiateAndInit() {
        try {
            instance = py.create.execute(config.kind(), config.className(), config.loaders().toArray(), config.optionsJson(),
                    config.persistName(), templateOptions(), config.flags().toArray());
        } catch (PolyglotException e) {
            throw new IllegalStateException("Error instantiating Python driver class; class='" + config.className() + "': "
                    + PythonHost.describe(e));
        }
        persistName = instance.getMember("persist_name").asString();
        boolean ok;
        try {
            ok = py.init.execute(instance, config.optionsJson()).asBoolean();
        } catch (PolyglotException e) {
            throw new IllegalStateException("Error initializing Python driver object, init() raised; class='" + config.className()
                    + "': " + PythonHost.describe(e));
        }
        if (!ok) {
            throw new IllegalStateException("Error initializing Python driver object, init() returned FALSE (False or None); class='"
                    + config.className() + "'");
        }
    }

    /**
     * A Python source's init, before any source starts: the object and its init(), then
     * parse_options; returns what init() assigned to ack_tracker (checked here, so a wrong one refuses the start).
     */
    Value initSource(ParseOptions parse) {
        instantiateAndInit();
        py.setParseOptions.execute(instance, parse);
        try {
            return py.ackTracker.execute(instance);
        } catch (PolyglotException e) {
            throw new IllegalStateException(PythonHost.describe(e));
        }
    }

    @Override
    public String persistName() { return persistName; }

    /** What a destination's {@code self.template_options} stands for; null for other kinds. */
    Object templateOptions() { return null; }

    boolean has(String method) { return py.hasMethod.execute(instance, method).asBoolean(); }

    /** Calls an optional no-argument method, logging instead of throwing. */
    void callQuietly(String method) {
        if (instance == null) return;
        try {
            py.call.execute(instance, method);
        } catch (PolyglotException e) {
            error(method, e);
        }
    }

    /**
     * A Python exception as an error of the driver, with its traceback: whoever catches it counts it,
     * shows it in health and logs it once per burst (so it is not logged here as well).
     */
    RuntimeException failure(String method, PolyglotException e) {
        return new PythonCallFailed("Python exception in " + method + "(); class='" + config.className() + "': "
                + PythonHost.describe(e));
    }

    /** The exception of a Python call, as the worker and the parser stage see it: message only, no Java stack. */
    static final class PythonCallFailed extends RuntimeException {
        PythonCallFailed(String message) { super(message, null, false, false); }

        @Override
        public String toString() { return getMessage(); }
    }

    void error(String method, PolyglotException e) {
        long now = System.nanoTime();
        if (now - lastErrorLog > 10_000_000_000L) {
            lastErrorLog = now;
            log.error("Python exception; driver='{}', class='{}', method='{}'{}: {}", id, config.className(), method,
                    suppressed > 0 ? " (" + suppressed + " more since the last report)" : "", PythonHost.describe(e));
            suppressed = 0;
        } else {
            suppressed++;
        }
    }
}
