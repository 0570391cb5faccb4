package dev.sluice.driver.http;

import dev.sluice.driver.MessageRejected;
import dev.sluice.message.LogMessage;
import dev.sluice.template.Template;
import dev.sluice.template.TemplateOptions;
import dev.sluice.template.ValuePairs;

/** A message as the text an HTTP body carries: its {@code template}, or its {@code value-pairs} as a JSON object. */
record MessageText(Template template, ValuePairs pairs, TemplateOptions options) {
    String render(LogMessage m) throws MessageRejected {
        if (pairs == null) return template.render(m, options);
        StringBuilder out = new StringBuilder(512);
        if (!pairs.writeJson(m, options, out)) {
            throw new MessageRejected("cast-error", "a value-pairs type cast failed and on-error is drop-message", false);
        }
        return out.toString();
    }
}
