package dev.sluice.template;

import dev.sluice.message.LogMessage;

/**
 * A message's fields by the names users write ({@code HOST}, {@code MESSAGE}, {@code .json.status}):
 * the header fields, the name-value pairs and, for reading, the macros. Parsers, rewrite rules and the
 * Python bridge set and read through it, so that a name means the same everywhere.
 */
public final class Fields {
    private Fields() {}

    /** What {@code ${name}} renders (a macro, a header field or a pair), without time-zone options. */
    public static String text(LogMessage m, String name) {
        switch (name) {
            case "MESSAGE", "MSG": return m.message();
            case "HOST": return m.host();
            case "PROGRAM": return m.program();
            case "PID": return m.pid();
            case "MSGID": return m.msgid();
            default:
        }
        Object v = m.value(name);
        if (v != null) {
            if (v instanceof String s) return s;
            StringBuilder sb = new StringBuilder();
            TemplateCompiler.appendValue(v, sb);
            return sb.toString();
        }
        Macros.Macro macro = Macros.lookup(name);
        if (macro == null) return "";
        StringBuilder sb = new StringBuilder();
        macro.render(m, TemplateOptions.DEFAULT, sb);
        return sb.toString();
    }

    /** Whether {@code name} is one of the header fields a message keeps outside its pairs. */
    public static boolean isHeader(String name) {
        return switch (name) {
            case "MESSAGE", "MSG", "HOST", "PROGRAM", "PID", "MSGID" -> true;
            default -> false;
        };
    }

    /**
     * Sets a header field (as text) or a pair (typed); a computed macro cannot be set, as in syslog-ng,
     * and false says so.
     */
    public static boolean set(LogMessage m, String name, Object value) {
        switch (name) {
            case "MESSAGE", "MSG" -> m.setMessage(asText(value));
            case "HOST" -> m.setHost(asText(value));
            case "PROGRAM" -> m.setProgram(asText(value));
            case "PID" -> m.setPid(asText(value));
            case "MSGID" -> m.setMsgid(asText(value));
            default -> {
                if (Macros.isMacro(name)) return false;
                m.setValue(name, value);
            }
        }
        return true;
    }

    /** Unsets a pair, or empties a header field (syslog-ng's unset() leaves an empty value). */
    public static void unset(LogMessage m, String name) {
        if (isHeader(name)) set(m, name, "");
        else m.removeValue(name);
    }

    private static String asText(Object value) {
        if (value == null) return "";
        if (value instanceof String s) return s;
        StringBuilder sb = new StringBuilder();
        TemplateCompiler.appendValue(value, sb);
        return sb.toString();
    }
}
