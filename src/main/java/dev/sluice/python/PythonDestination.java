package dev.sluice.python;

import dev.sluice.driver.Destination;
import dev.sluice.driver.MessageRejected;
import dev.sluice.message.LogMessage;
import dev.sluice.template.TemplateOptions;
import dev.sluice.template.TypedValue;
import dev.sluice.template.ValuePairs;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Value;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code python} destination: send(msg) gets a read-only message (or a dict with
 * {@code value-pairs}); its result codes and True/False follow syslog-ng, and the worker does the
 * retries, reopening and QUEUED batching.
 */
final class PythonDestination extends PythonDriver implements Destination {
    private static final Logger log = LoggerFactory.getLogger(PythonDestination.class);
    private final List<String> valuePairs;
    /** Full value-pairs (scope, key, pair with type hints, …), or null: then send() gets the message or the named values. */
    private final ValuePairs pairs;
    private final TemplateOptions templateOptions;
    private Value send, flush;
    /** Optional methods, looked up once: an undefined flush() or is_opened() costs no call per message. */
    private boolean hasFlush, hasIsOpened;
    /** Why the last NOT_CONNECTED (or failed open()) happened, for health. */
    private volatile String disconnectReason;

    PythonDestination(String id, PythonContext py, PythonDriverConfig config, List<String> valuePairs, ValuePairs pairs,
                      TemplateOptions templateOptions) {
        super(id, py, config);
        this.valuePairs = valuePairs;
        this.pairs = pairs;
        this.templateOptions = templateOptions;
    }

    @Override
    Object templateOptions() { return templateOptions; }

    @Override
    public void init() {
        instantiateAndInit();
        send = pairs != null ? py.pairsSender.execute(instance) : py.sender.execute(instance, valuePairs.isEmpty() ? null : valuePairs.toArray());
        flush = py.flusher.execute(instance);
        hasFlush = has("flush");
        hasIsOpened = has("is_opened");
    }

    /** As syslog-ng: open(), then is_opened() (when defined) decides. */
    @Override
    public boolean open() {
        try {
            boolean opened = py.open.execute(instance).asBoolean();
            if (!opened) disconnectReason = "open() returned False";
            else if (!isOpened()) disconnectReason = "is_opened() returned False after open()";
            else return true;
            return false;
        } catch (PolyglotException e) {
            throw failure("open", e);
        }
    }

    private boolean isOpened() {
        return !hasIsOpened || py.isOpened.execute(instance).asBoolean();
    }

    /** As syslog-ng: is_opened() before every send(); when false, open() again, and NOT_CONNECTED if that fails. */
    @Override
    public Result send(LogMessage message) throws MessageRejected {
        try {
            if (hasIsOpened && !isOpened() && !open()) {
                disconnectReason = "is_opened() returned False and open() did not reconnect";
                return Result.NOT_CONNECTED;
            }
            return result(pairs == null ? send.execute(message).asInt() : sendPairs(message), "send()");
        } catch (PolyglotException e) {
            throw failure("send", e); // the worker counts it and treats it as ERROR, as syslog-ng does
        }
    }

    /**
     * send(dict): names and values cross once as two arrays; a value is text (bytes in Python, as in
     * 3.38), an int, float or bool from a type hint, or a list. A failed cast that on-error makes
     * drop the message drops this one message, counted as {@code cast-error}.
     */
    private int sendPairs(LogMessage message) throws MessageRejected {
        Map<String, Object> out = new LinkedHashMap<>();
        if (!pairs.collect(message, templateOptions, out)) {
            throw new MessageRejected("cast-error", "a value-pairs type cast failed and on-error is drop-message", false);
        }
        String[] names = new String[out.size()];
        Object[] values = new Object[out.size()];
        int i = 0;
        for (Map.Entry<String, Object> e : out.entrySet()) {
            names[i] = e.getKey();
            Object v = e.getValue();
            values[i++] = v instanceof TypedValue.Raw raw ? (raw.value() != null ? raw.value() : raw.text())
                    : v instanceof byte[] b ? dev.sluice.message.Utf8.decode(b) : v;
        }
        return send.execute(names, values).asInt();
    }

    /** A flush() the driver defined is called after every round, as syslog-ng does; an undefined one never. */
    @Override
    public boolean flushesEveryRound() { return hasFlush; }

    @Override
    public Result flush() {
        if (!hasFlush) return Result.SUCCESS;
        try {
            return result(flush.execute().asInt(), "flush()");
        } catch (PolyglotException e) {
            throw failure("flush", e);
        }
    }

    /** A code the driver returned; a NOT_CONNECTED or RETRY also says, for health, which call returned it. */
    private Result result(int code, String call) {
        if (code == 5) disconnectReason = call + " returned NOT_CONNECTED";
        if (code == 6) disconnectReason = call + " returned RETRY three times in a row";
        return switch (code) {
            case 0 -> Result.DROP;
            case 3 -> Result.SUCCESS;
            case 4 -> Result.QUEUED;
            case 5 -> Result.NOT_CONNECTED;
            case 6 -> Result.RETRY;
            default -> Result.ERROR;
        };
    }

    @Override public String disconnectReason() { return disconnectReason; }

    @Override
    public void close() {
        if (instance == null) return;
        try {
            if (py.isOpened.execute(instance).asBoolean()) py.call.execute(instance, "close");
        } catch (PolyglotException e) {
            error("close", e);
        }
    }

    @Override
    public void deinit() { callQuietly("deinit"); }
}
