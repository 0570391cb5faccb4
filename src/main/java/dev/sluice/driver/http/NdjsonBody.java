package dev.sluice.driver.http;

import dev.sluice.driver.MessageRejected;
import dev.sluice.message.LogMessage;

import java.util.List;

/** {@code body: ndjson}: one line per message, its {@code template} or its value-pairs as JSON. */
final class NdjsonBody implements HttpBody {
    private final MessageText text;

    NdjsonBody(MessageText text) { this.text = text; }

    public String contentType() { return "application/x-ndjson"; }

    public Entry entry(LogMessage m) throws MessageRejected { return new Entry(text.render(m)); }

    public void write(List<Entry> entries, StringBuilder out) {
        for (Entry e : entries) out.append(e.text()).append('\n');
    }
}
