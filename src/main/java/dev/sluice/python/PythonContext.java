package dev.sluice.python;

import dev.sluice.config.ConfigError;
import dev.sluice.config.ConfigException;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Value;

/**
 * One Python interpreter (a driver instance's, or the shared one) and the glue functions of
 * {@code _sluice}, looked up once so that each driver action is a single call.
 */
public final class PythonContext {
    /** The driver instance id it belongs to, or the shared interpreter's key. */
    private final String owner;
    private final Context context;
    private final PythonBridge bridge;
    final Value create, init, setParseOptions, ackTracker, fetcher, sender, pairsSender, flusher, open, isOpened, parser, call,
            hasMethod, template, resolve, checkClass, defines;
    private final Value loadMain;

    PythonContext(String owner, Context context, Value glue, PythonBridge bridge) {
        this.owner = owner;
        this.context = context;
        this.bridge = bridge;
        this.loadMain = glue.getMember("load_main");
        this.create = glue.getMember("create");
        this.init = glue.getMember("init");
        this.setParseOptions = glue.getMember("set_parse_options");
        this.ackTracker = glue.getMember("ack_tracker");
        this.fetcher = glue.getMember("fetcher");
        this.sender = glue.getMember("sender");
        this.pairsSender = glue.getMember("pairs_sender");
        this.flusher = glue.getMember("flusher");
        this.open = glue.getMember("open_");
        this.isOpened = glue.getMember("is_opened");
        this.parser = glue.getMember("parser");
        this.call = glue.getMember("call");
        this.hasMethod = glue.getMember("has_method");
        this.template = glue.getMember("template");
        this.resolve = glue.getMember("resolve");
        this.checkClass = glue.getMember("check_class");
        this.defines = glue.getMember("defines");
    }

    public String owner() { return owner; }

    synchronized void loadMain(String code) {
        bridge.loadingMain(true);
        try {
            loadMain.execute(code, "<sluice.python.code>");
        } catch (PolyglotException e) {
            throw new ConfigException(ConfigError.global("sluice.python.code", null,
                    "inline Python failed: " + PythonHost.describe(e)));
        } finally {
            bridge.loadingMain(false);
        }
    }

    /** Null when the code compiles, else the error with its line. */
    synchronized String compileError(String code, String filename) {
        try {
            context.eval("python", "compile").execute(code, filename, "exec");
            return null;
        } catch (PolyglotException e) {
            return PythonHost.describe(e);
        }
    }

    /** Evaluates Python in this context and returns str() of the last expression (operators' and tests' probe). */
    public String eval(String code) {
        Value v = context.eval("python", code);
        return v.isString() ? v.asString() : v.toString();
    }

    /** Evaluates Python in this context and returns the value of the last expression. */
    Value evalValue(String code) { return context.eval("python", code); }

    void close() {
        try {
            context.close(true);
        } catch (RuntimeException ignored) {
            // closing at shutdown; threads of user code may still be unwinding
        }
    }
}
