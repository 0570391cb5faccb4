package dev.sluice.python;

import dev.sluice.driver.Parser;
import dev.sluice.message.LogMessage;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Value;

/** {@code python} parser: parse(msg) gets a writable message; falsy drops it, raising drops it as an error. */
final class PythonParser extends PythonDriver implements Parser {
    private Value parse;

    PythonParser(String id, PythonContext py, PythonDriverConfig config) {
        super(id, py, config);
    }

    @Override
    public void init() {
        instantiateAndInit();
        parse = py.parser.execute(instance);
    }

    @Override
    public boolean process(LogMessage message) {
        try {
            return parse.execute(message).asBoolean();
        } catch (PolyglotException e) {
            throw failure("parse", e); // counted as an error and parser-error, not as a deliberate rejection
        }
    }

    @Override
    public void deinit() { callQuietly("deinit"); }

    /** Python never runs on an event loop, and one thread per interpreter avoids lock hand-offs. */
    @Override
    public boolean needsOwnThread() { return true; }
}
