package dev.sluice.driver.http;

import dev.sluice.message.LogMessage;
import dev.sluice.template.Json;
import dev.sluice.template.Template;
import dev.sluice.template.TemplateOptions;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code body: loki}: Loki's push API ({@code /loki/api/v1/push}). Each message's {@code labels}
 * (templates) choose its stream; a batch becomes one request with a stream per label set, each
 * with its lines and their times in nanoseconds.
 */
final class LokiBody implements HttpBody {
    private final MessageText line;
    private final Map<String, Template> labels;
    private final TemplateOptions options;

    LokiBody(MessageText line, Map<String, Template> labels, TemplateOptions options) {
        this.line = line;
        this.labels = labels;
        this.options = options;
    }

    public String contentType() { return "application/json"; }

    public Entry entry(LogMessage m) throws dev.sluice.driver.MessageRejected {
        StringBuilder stream = new StringBuilder(64).append('{');
        boolean first = true;
        for (Map.Entry<String, Template> l : labels.entrySet()) {
            if (!first) stream.append(',');
            first = false;
            Json.string(l.getKey(), stream);
            stream.append(':');
            Json.string(l.getValue().render(m, options), stream);
        }
        long nanos = m.stamp().epochMicros() * 1000L;
        return new Entry(line.render(m), stream.append('}').toString(), nanos);
    }

    public void write(List<Entry> entries, StringBuilder out) {
        Map<String, List<Entry>> streams = new LinkedHashMap<>();
        for (Entry e : entries) streams.computeIfAbsent(e.group(), g -> new ArrayList<>()).add(e);
        out.append("{\"streams\":[");
        boolean firstStream = true;
        for (Map.Entry<String, List<Entry>> s : streams.entrySet()) {
            if (!firstStream) out.append(',');
            firstStream = false;
            out.append("{\"stream\":").append(s.getKey()).append(",\"values\":[");
            boolean first = true;
            for (Entry e : s.getValue()) {
                if (!first) out.append(',');
                first = false;
                out.append("[\"").append(e.epochNanos()).append("\",");
                Json.string(e.text(), out);
                out.append(']');
            }
            out.append("]}");
        }
        out.append("]}");
    }
}
