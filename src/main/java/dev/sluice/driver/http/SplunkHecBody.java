package dev.sluice.driver.http;

import dev.sluice.driver.MessageRejected;
import dev.sluice.message.LogMessage;
import dev.sluice.template.Json;
import dev.sluice.template.Template;
import dev.sluice.template.TemplateOptions;

import java.util.List;
import java.util.Map;

/**
 * {@code body: splunk-hec}: Splunk's HTTP Event Collector ({@code /services/collector/event}), one
 * JSON object per message: {@code time} (seconds, with microseconds), {@code host}, and the optional
 * {@code index}, {@code source}, {@code sourcetype} templates, {@code event} (the message's template
 * as a string, or its value-pairs as an object) and {@code fields} (indexed fields, templates).
 */
final class SplunkHecBody implements HttpBody {
    private final MessageText event;
    private final Map<String, Template> meta;
    private final Map<String, Template> fields;
    private final TemplateOptions options;

    SplunkHecBody(MessageText event, Map<String, Template> meta, Map<String, Template> fields, TemplateOptions options) {
        this.event = event;
        this.meta = meta;
        this.fields = fields;
        this.options = options;
    }

    public String contentType() { return "application/json"; }

    public Entry entry(LogMessage m) throws MessageRejected {
        StringBuilder s = new StringBuilder(256);
        long micros = m.stamp().epochMicros();
        s.append("{\"time\":").append(Math.floorDiv(micros, 1_000_000L)).append('.')
                .append(String.format("%06d", Math.floorMod(micros, 1_000_000L))).append(",\"host\":");
        Json.string(m.host(), s);
        for (Map.Entry<String, Template> e : meta.entrySet()) {
            s.append(",\"").append(e.getKey()).append("\":");
            Json.string(e.getValue().render(m, options), s);
        }
        String text = event.render(m);
        s.append(",\"event\":");
        if (event.pairs() != null) s.append(text);
        else Json.string(text, s);
        if (!fields.isEmpty()) {
            s.append(",\"fields\":{");
            boolean first = true;
            for (Map.Entry<String, Template> f : fields.entrySet()) {
                if (!first) s.append(',');
                first = false;
                Json.string(f.getKey(), s);
                s.append(':');
                Json.string(f.getValue().render(m, options), s);
            }
            s.append('}');
        }
        return new Entry(s.append('}').toString());
    }

    public void write(List<Entry> entries, StringBuilder out) {
        for (Entry e : entries) out.append(e.text()).append('\n');
    }
}
