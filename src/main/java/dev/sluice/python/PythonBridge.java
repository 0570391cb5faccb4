package dev.sluice.python;

import dev.sluice.message.LogMessage;
import dev.sluice.message.Utf8;
import dev.sluice.message.ParseCounters;
import dev.sluice.message.ParseOptions;
import dev.sluice.message.SyslogParser;
import dev.sluice.message.Timestamp;
import dev.sluice.template.Fields;
import dev.sluice.template.Macros;
import dev.sluice.template.Template;
import dev.sluice.template.TemplateCompiler;
import dev.sluice.template.TemplateException;
import dev.sluice.template.TemplateOptions;
import org.graalvm.polyglot.Value;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The Java side of the {@code syslogng} Python package: the only object Python code calls. Kept
 * narrow, with plain parameter types, so each call is one cheap polyglot crossing.
 */
public final class PythonBridge {
    private static final Logger pythonLog = LoggerFactory.getLogger("python");
    private static final ParseCounters STANDALONE = new ParseCounters();

    private final PersistStore persist;
    private final Supplier<TemplateCompiler> templates;
    private final ThreadLocal<Boolean> loadingMain = ThreadLocal.withInitial(() -> false);

    /** Templates come through a supplier: the compiler holds $(python), which needs this bridge. */
    public PythonBridge(PersistStore persist, Supplier<TemplateCompiler> templates) {
        this.persist = persist;
        this.templates = templates;
    }

    void loadingMain(boolean v) { loadingMain.set(v); }

    // ---- LogMessage

    public LogMessage newMessage(String message) {
        LogMessage m = new LogMessage();
        m.setSourceIp("127.0.0.1");
        if (message != null) m.setMessage(message);
        return m;
    }

    /** Parses bytes that Python handed over as latin-1 text (one char per byte). */
    public LogMessage parse(String latin1, ParseOptions options) {
        return parseBytes(latin1.getBytes(StandardCharsets.ISO_8859_1), options);
    }

    /** Parses a Python str: one crossing, no byte juggling on the Python side. */
    public LogMessage parseText(String text, ParseOptions options) {
        return parseBytes(Utf8.encode(text), options);
    }

    private static LogMessage parseBytes(byte[] raw, ParseOptions options) {
        return new SyslogParser(options, STANDALONE).parse(raw, 0, raw.length);
    }

    /** Header fields and macros as text, other pairs typed; null when unset. */
    public Object get(LogMessage m, String key) {
        if (Fields.isHeader(key)) return Fields.text(m, key);
        Object v = m.value(key);
        if (v != null) return v;
        return Macros.isMacro(key) ? Macros.render(key, m, TemplateOptions.DEFAULT) : null;
    }

    /** Whether {@code key} is a name-value pair set to null (Python's None), as opposed to not set. */
    public boolean hasNull(LogMessage m, String key) { return m.values().containsKey(key) && m.value(key) == null; }

    public void setString(LogMessage m, String key, String value) { setText(m, key, value); }

    private static void setText(LogMessage m, String key, String value) {
        Fields.set(m, key, Fields.isHeader(key) && value == null ? "" : value);
    }

    public void setLong(LogMessage m, String key, long value) { setTyped(m, key, value); }

    public void setDouble(LogMessage m, String key, double value) { setTyped(m, key, value); }

    public void setBoolean(LogMessage m, String key, boolean value) { setTyped(m, key, value); }

    public void setList(LogMessage m, String key, List<String> value) { setTyped(m, key, List.copyOf(value)); }

    private static void setTyped(LogMessage m, String key, Object value) {
        Fields.set(m, key, value); // macros keep their computed value, as in syslog-ng
    }

    /** Fields (listed only when set), the MSG alias and the blacklisted stamps: not in keys() as macros. */
    private static final Set<String> NOT_LISTED_AS_MACROS = Set.of("HOST", "PROGRAM", "PID", "MSGID", "MESSAGE", "MSG",
            "S_STAMP", "C_STAMP");

    /** As syslog-ng: the pairs that are set (header fields only when not empty), then every macro name. */
    public String[] keys(LogMessage m) {
        Set<String> names = new LinkedHashSet<>();
        if (!m.host().isEmpty()) names.add("HOST");
        if (!m.program().isEmpty()) names.add("PROGRAM");
        if (!m.pid().isEmpty()) names.add("PID");
        if (!m.msgid().isEmpty()) names.add("MSGID");
        names.add("MESSAGE");
        names.addAll(m.valueNames());
        for (String macro : Macros.names()) if (!NOT_LISTED_AS_MACROS.contains(macro)) names.add(macro);
        return names.toArray(String[]::new);
    }

    public void setPri(LogMessage m, int pri) { m.setPri(pri); }

    public int getPri(LogMessage m) { return m.pri(); }

    public void setTimestamp(LogMessage m, long epochMicros, int offsetSeconds) {
        m.setStamp(new Timestamp(epochMicros, ZoneOffset.ofTotalSeconds(offsetSeconds)));
    }

    public long getTimestampMicros(LogMessage m) { return m.stamp().epochMicros(); }

    public void setBookmark(LogMessage m, Value bookmark) { m.setBookmark(bookmark); }

    public boolean setSourceIp(LogMessage m, String ip) {
        m.setSourceIp(ip);
        return true;
    }

    // ---- templates

    /** The compiled template, or the compiler's error message (Python raises LogTemplateException with it). */
    public Object compileTemplate(String text) {
        try {
            return templates.get().compile(text);
        } catch (TemplateException e) {
            return e.getMessage();
        }
    }

    /** LTZ_LOCAL (0) renders in the local zone, LTZ_SEND (1) in the destination's {@code time-zone}. */
    public String formatTemplate(Template t, LogMessage m, Object options, int tz, long seqnum) {
        TemplateOptions o = options instanceof TemplateOptions to ? to : TemplateOptions.DEFAULT;
        if (tz == 0 || seqnum != o.seqnum()) o = o.with(tz == 0 ? Macros.LOCAL : o.timeZone(), seqnum);
        return t.render(m, o);
    }

    // ---- logging

    public void log(String level, String text) {
        switch (level) {
            case "error" -> pythonLog.error(text);
            case "warning" -> pythonLog.warn(text);
            case "info" -> pythonLog.info(text);
            case "debug" -> pythonLog.debug(text);
            default -> pythonLog.trace(text);
        }
    }

    // ---- Persist

    public boolean persistAvailable() { return !loadingMain.get(); }

    /** (kind, value): kind 0 means missing. */
    public Object[] persistGet(String name) {
        PersistStore.Entry e = persist.get(name);
        return e == null ? new Object[] {0, null} : new Object[] {e.kind(), e.value()};
    }

    public void persistPut(String name, int kind, String text) { persist.put(name, kind, text); }

    public int persistCell(String name) { return persist.cell(name); }

    public List<Object> persistCells() { return persist.cells(); }

    public List<String> persistKeys(String persistName) { return new ArrayList<>(persist.keys(persistName)); }
}
