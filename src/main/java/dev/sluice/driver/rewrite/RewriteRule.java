package dev.sluice.driver.rewrite;

import dev.sluice.filter.Filter;
import dev.sluice.filter.Pcre;
import dev.sluice.message.LogMessage;
import dev.sluice.template.Fields;
import dev.sluice.template.Template;
import dev.sluice.template.TemplateOptions;

import java.util.List;
import java.util.regex.Matcher;

/** One rule of a rewrite step, syslog-ng's set(), unset(), rename(), subst(), set-tag() and clear-tag(). */
sealed interface RewriteRule {
    void apply(LogMessage m);

    /** The rule with its {@code if:} condition. */
    record Conditional(Filter condition, RewriteRule rule) implements RewriteRule {
        public void apply(LogMessage m) {
            if (condition.matches(m)) rule.apply(m);
        }
    }

    record Set(String name, Template value) implements RewriteRule {
        public void apply(LogMessage m) { Fields.set(m, name, value.render(m, TemplateOptions.DEFAULT)); }
    }

    record Unset(List<String> names) implements RewriteRule {
        public void apply(LogMessage m) { for (String n : names) Fields.unset(m, n); }
    }

    /** The value moves to the new name; nothing happens when the old one is not set (as in syslog-ng). */
    record Rename(String from, String to) implements RewriteRule {
        public void apply(LogMessage m) {
            Object v = Fields.isHeader(from) ? Fields.text(m, from) : m.value(from);
            if (v == null || (v instanceof String s && s.isEmpty() && Fields.isHeader(from))) return;
            Fields.unset(m, from);
            Fields.set(m, to, v);
        }
    }

    /**
     * Replaces what the pattern matches in one value, the first match or with {@code global} each; the
     * replacement is a template that sees the match as {@code $0}, {@code $1}, … (set on the message, as syslog-ng does).
     */
    record Subst(String name, Pcre pattern, Template replacement, boolean global) implements RewriteRule {
        public void apply(LogMessage m) {
            String value = Fields.text(m, name);
            Matcher match = pattern.pattern().matcher(value);
            if (!match.find()) return;
            String literal = replacement.literal();
            StringBuilder out = new StringBuilder(value.length() + 16);
            int last = 0;
            do {
                out.append(value, last, match.start());
                if (literal != null) out.append(literal);
                else {
                    for (int g = 0; g <= match.groupCount(); g++) if (match.group(g) != null) m.setValue(Integer.toString(g), match.group(g));
                    replacement.render(m, TemplateOptions.DEFAULT, out);
                }
                last = match.end();
            } while (global && match.find());
            out.append(value, last, value.length());
            Fields.set(m, name, out.toString());
        }
    }

    record SetTag(String tag) implements RewriteRule {
        public void apply(LogMessage m) { m.setTag(tag); }
    }

    record ClearTag(String tag) implements RewriteRule {
        public void apply(LogMessage m) { m.clearTag(tag); }
    }
}
