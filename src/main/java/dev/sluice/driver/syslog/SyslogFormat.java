package dev.sluice.driver.syslog;

import dev.sluice.message.LogMessage;
import dev.sluice.template.Macros;
import dev.sluice.template.Template;
import dev.sluice.template.TemplateOptions;

/**
 * How forwarded messages are written: RFC5424 with octet counting (RFC 6587), or the
 * BSD RFC3164 line format ended by a newline. A {@code template} replaces the payload.
 */
public enum SyslogFormat {
    RFC5424, RFC3164;

    /** Appends the payload (without framing) to out. */
    public void render(LogMessage m, Template template, TemplateOptions o, StringBuilder out) {
        if (template != null) {
            template.render(m, o, out);
            return;
        }
        if (this == RFC5424) {
            out.append('<').append(m.pri()).append(">1 ");
            Macros.lookup("ISODATE").render(m, o, out);
            out.append(' ');
            nil(out, m.host());
            nil(out, m.program());
            nil(out, m.pid());
            nil(out, m.msgid());
            int before = out.length();
            Macros.lookup("SDATA").render(m, o, out);
            if (out.length() == before) out.append('-');
            if (!m.message().isEmpty()) out.append(m.utf8() ? " \uFEFF" : " ").append(m.message());
        } else {
            out.append('<').append(m.pri()).append('>');
            Macros.lookup("STAMP").render(m, o, out);
            out.append(' ').append(m.host().isEmpty() ? "-" : m.host()).append(' ');
            Macros.lookup("MSGHDR").render(m, o, out);
            out.append(m.message());
        }
    }

    private static void nil(StringBuilder out, String v) {
        out.append(v.isEmpty() ? "-" : v).append(' ');
    }
}
