package dev.sluice.driver;

import dev.sluice.message.LogMessage;
import dev.sluice.template.Template;
import dev.sluice.template.TemplateOptions;

/**
 * A native parser of text: it reads its {@code template} (by default the message), as syslog-ng's
 * parsers do, and names what it extracts with its {@code prefix}.
 */
public abstract class TextParser implements Parser {
    private final Template input;
    protected final String prefix;

    protected TextParser(Template input, String prefix) {
        this.input = input;
        this.prefix = prefix == null ? "" : prefix;
    }

    /** {@code template} (default {@code $MESSAGE}, kept as null: read without rendering) and {@code prefix}. */
    public record Input(Template template, String prefix) {
        public static Input read(DriverSpec spec, DriverContext context) {
            Template t = CommonOptions.template(spec, context, "template", "$MESSAGE");
            boolean message = t != null && java.util.Set.of("$MESSAGE", "${MESSAGE}", "$MSG", "${MSG}").contains(t.source());
            return new Input(message ? null : t, spec.string("prefix", ""));
        }
    }

    protected TextParser(Input input) { this(input.template(), input.prefix()); }

    protected final String input(LogMessage m) {
        return input == null ? m.message() : input.render(m, TemplateOptions.DEFAULT);
    }

    @Override
    public final boolean process(LogMessage m) { return parse(m, input(m)); }

    /** Parses {@code text} into {@code m}; false when it does not parse (the message leaves the path, as in syslog-ng). */
    protected abstract boolean parse(LogMessage m, String text);
}
