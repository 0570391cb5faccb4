package dev.sluice.driver.http;

import dev.sluice.driver.Destination.DropCounter;
import dev.sluice.driver.MessageRejected;
import dev.sluice.message.LogMessage;
import dev.sluice.template.Json;
import dev.sluice.template.Template;
import dev.sluice.template.TemplateOptions;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.Iterator;
import java.util.List;

/**
 * {@code body: elasticsearch} (and OpenSearch): the {@code _bulk} format, an action line
 * ({@code index} or {@code create} into the {@code index} template) and the document per message.
 * A 2xx answer with {@code "errors": true} is read item by item: 429 and 5xx items go again, the
 * others are refused for good and counted {@code elasticsearch-rejected}.
 */
final class ElasticsearchBody implements HttpBody {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final MessageText document;
    private final Template index;
    private final String action;
    private final TemplateOptions options;

    ElasticsearchBody(MessageText document, Template index, String action, TemplateOptions options) {
        this.document = document;
        this.index = index;
        this.action = action;
        this.options = options;
    }

    public String contentType() { return "application/x-ndjson"; }

    public Entry entry(LogMessage m) throws MessageRejected {
        StringBuilder s = new StringBuilder(256).append("{\"").append(action).append("\":{\"_index\":");
        Json.string(index.render(m, options), s);
        return new Entry(s.append("}}\n").append(document.render(m)).toString());
    }

    public void write(List<Entry> entries, StringBuilder out) {
        for (Entry e : entries) out.append(e.text()).append('\n');
    }

    @Override
    public boolean[] retry(String response, int entries, DropCounter drops) {
        if (!response.contains("\"errors\":true") && !response.contains("\"errors\" : true")) return null; // the common answer, unparsed
        JsonNode root;
        try {
            root = JSON.readTree(response);
        } catch (RuntimeException e) {
            return null; // not the bulk API's answer: taken as a whole, as its status said
        }
        if (!root.path("errors").asBoolean(false)) return null;
        boolean[] again = new boolean[entries];
        int refused = 0, i = 0;
        for (Iterator<JsonNode> it = root.path("items").values().iterator(); it.hasNext() && i < entries; i++) {
            JsonNode item = it.next();
            JsonNode result = item.values().iterator().hasNext() ? item.values().iterator().next() : item;
            int status = result.path("status").asInt(200);
            if (status == 429 || status >= 500) again[i] = true;
            else if (status >= 300) refused++;
        }
        if (refused > 0) drops.drop("elasticsearch-rejected", refused);
        return again;
    }
}
