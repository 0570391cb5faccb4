package dev.sluice.template;

import dev.sluice.message.LogMessage;

/** A compiled template: a sequence of parts rendered in order, nothing parsed at render time. */
public final class Template {
    /** One piece of a template: a literal, a macro, a name-value pair or a function call. */
    @FunctionalInterface
    interface Part {
        void render(LogMessage msg, TemplateOptions options, StringBuilder out);
    }

    private final String source;
    private final Part[] parts;
    private final String literal;
    /**
     * The buffer to start a render with: the longest text rendered so far (up to 64 KiB), so that a
     * render does not grow, and copy, its buffer again and again. Racy on purpose: any value is right.
     */
    private int sizeHint = 128;

    Template(String source, Part[] parts, String literal) {
        this.source = source;
        this.parts = parts;
        this.literal = literal;
    }

    public String source() { return source; }

    /** The template's text when it contains no macros, else null: lets callers skip rendering. */
    public String literal() { return literal; }

    public void render(LogMessage msg, TemplateOptions options, StringBuilder out) {
        for (Part p : parts) p.render(msg, options, out);
    }

    public String render(LogMessage msg, TemplateOptions options) {
        if (literal != null) return literal;
        int hint = sizeHint;
        StringBuilder sb = new StringBuilder(hint);
        render(msg, options, sb);
        if (sb.length() > hint && hint < 65_536) sizeHint = Math.min(65_536, sb.length() + 32);
        return sb.toString();
    }

    @Override
    public String toString() { return source; }
}
