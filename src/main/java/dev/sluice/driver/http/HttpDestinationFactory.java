package dev.sluice.driver.http;

import dev.sluice.config.ConfigNode;
import dev.sluice.driver.CommonOptions;
import dev.sluice.driver.Destination;
import dev.sluice.driver.DriverContext;
import dev.sluice.driver.DriverFactory;
import dev.sluice.driver.DriverRole;
import dev.sluice.driver.DriverSpec;
import dev.sluice.driver.netty.TlsOptions;
import dev.sluice.template.Template;
import dev.sluice.template.TemplateException;
import dev.sluice.template.TemplateOptions;
import dev.sluice.template.ValuePairs;

import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code type: http} destination: {@code url}, {@code method} (POST), {@code body} (ndjson,
 * elasticsearch, loki, splunk-hec), {@code template} or {@code value-pairs} (what each message
 * becomes), {@code headers} (templates), {@code user}/{@code password} or {@code bearer-token},
 * {@code gzip}, {@code timeout} (10s), {@code batch-bytes} (1MiB), {@code tls} (ca-file, cert-file,
 * key-file, peer-verify); per body: {@code index} and {@code action} (elasticsearch), {@code labels}
 * (loki), {@code token}, {@code index}, {@code source}, {@code sourcetype}, {@code fields} (splunk-hec).
 */
public final class HttpDestinationFactory implements DriverFactory<Destination> {
    @Override public String type() { return "http"; }
    @Override public DriverRole role() { return DriverRole.DESTINATION; }

    @Override
    public Destination create(DriverSpec spec, DriverContext context) {
        String url = spec.requiredString("url");
        URI uri = null;
        try {
            if (url != null) uri = URI.create(url.trim());
            if (uri != null && !"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
                spec.error("url", "expected an http:// or https:// URL, got '" + url + "'");
            }
        } catch (IllegalArgumentException e) {
            spec.error("url", "not a URL: " + e.getMessage());
        }
        TemplateOptions options = CommonOptions.templateOptions(spec);
        String kind = spec.string("body", "ndjson");
        String defaultTemplate = kind.equals("loki") || kind.equals("splunk-hec") ? "$MESSAGE" : "$(format-json --scope rfc5424 --key ISODATE)";
        ValuePairs pairs = spec.options().containsKey("value-pairs") ? CommonOptions.valuePairs(spec, context, "value-pairs") : null;
        Template template = CommonOptions.template(spec, context, "template", defaultTemplate);
        MessageText text = new MessageText(template, pairs, options);
        String authorization = null;
        HttpBody body = switch (kind) {
            case "ndjson" -> new NdjsonBody(text);
            case "elasticsearch", "opensearch" -> {
                Template index = CommonOptions.template(spec, context, "index", null);
                if (index == null) spec.error("index", "an elasticsearch body needs index: (a template such as logs-${YEAR}.${MONTH})");
                String action = spec.string("action", "index");
                if (!action.equals("index") && !action.equals("create")) spec.error("action", "expected index or create, got '" + action + "'");
                yield new ElasticsearchBody(text, index, action, options);
            }
            case "loki" -> new LokiBody(text, templates(spec, context, "labels"), options);
            case "splunk-hec" -> {
                String token = spec.requiredString("token");
                if (token != null) authorization = "Splunk " + token;
                Map<String, Template> meta = new LinkedHashMap<>();
                for (String k : new String[] {"index", "source", "sourcetype"}) {
                    Template t = CommonOptions.template(spec, context, k, null);
                    if (t != null) meta.put(k, t);
                }
                yield new SplunkHecBody(text, meta, templates(spec, context, "fields"), options);
            }
            default -> {
                spec.error("body", "expected ndjson, elasticsearch, opensearch, loki or splunk-hec, got '" + kind + "'");
                yield null;
            }
        };
        String user = spec.string("user", null), password = spec.string("password", null), bearer = spec.string("bearer-token", null);
        if (user != null) {
            authorization = "Basic " + Base64.getEncoder().encodeToString((user + ":" + (password == null ? "" : password)).getBytes(StandardCharsets.UTF_8));
        } else if (password != null) spec.error("password", "a password needs a user");
        if (bearer != null) {
            if (user != null) spec.error("bearer-token", "use either user/password or bearer-token");
            authorization = "Bearer " + bearer;
        }
        Duration timeout = spec.duration("timeout", Duration.ofSeconds(10));
        long batchBytes = spec.size("batch-bytes", 1024 * 1024);
        String method = spec.string("method", "POST").toUpperCase(java.util.Locale.ROOT);
        if (!method.equals("POST") && !method.equals("PUT")) spec.error("method", "expected POST or PUT, got '" + method + "'");
        Map<String, Template> headers = templates(spec, context, "headers");
        // HTTP/1.1 as the bulk APIs speak it: the client's default (HTTP/2) tries an h2c upgrade on every new plain connection
        HttpClient.Builder client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER);
        var ssl = TlsOptions.clientContext(spec);
        if (ssl != null) client.sslContext(ssl);
        int itemRetries = spec.integer("item-retries", 5);
        if (uri == null || body == null) return null;
        return new HttpDestination(client.build(), new HttpDestination.Settings(uri, method, headers, authorization,
                spec.bool("gzip", false), timeout, batchBytes, itemRetries, options), body);
    }

    /** A map of names to templates ({@code headers}, {@code labels}, {@code fields}). */
    private static Map<String, Template> templates(DriverSpec spec, DriverContext context, String key) {
        Map<String, Template> out = new LinkedHashMap<>();
        ConfigNode node = spec.node(key);
        if (node == null) return out;
        if (node.asMap() == null) {
            spec.error(key, "expected a map of names to templates");
            return out;
        }
        for (Map.Entry<String, ConfigNode> e : node.asMap().entrySet()) {
            try {
                out.put(e.getKey(), context.templates().compile(e.getValue().asString()));
            } catch (TemplateException ex) {
                spec.error(key, e.getKey() + ": " + ex.getMessage());
            }
        }
        return out;
    }
}
