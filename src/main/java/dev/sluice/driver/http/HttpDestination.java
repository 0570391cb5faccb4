package dev.sluice.driver.http;

import dev.sluice.driver.Destination;
import dev.sluice.driver.MessageRejected;
import dev.sluice.message.LogMessage;
import dev.sluice.template.Template;
import dev.sluice.template.TemplateOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.GZIPOutputStream;

/**
 * {@code type: http}: batches messages into one request per flush (the worker's {@code batch-lines}
 * and {@code batch-timeout}, and {@code batch-bytes} here) and POSTs it with the JDK HttpClient. A 2xx
 * answer delivers the batch (a bulk API's refused items are counted, its 429/5xx items sent again);
 * 429, 408 and 5xx are retried after {@code Retry-After} or a growing backoff; any other 4xx drops
 * the batch, counted {@code http-<status>}; a connection error reconnects after {@code time-reopen}.
 */
final class HttpDestination implements Destination {
    private static final Logger log = LoggerFactory.getLogger(HttpDestination.class);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    record Settings(URI url, String method, Map<String, Template> headers, String authorization, boolean gzip, Duration timeout,
                    long batchBytes, int itemRetries, TemplateOptions options) {}

    private final HttpClient client;
    private final Settings settings;
    private final HttpBody body;
    private final List<HttpBody.Entry> entries = new ArrayList<>();
    /** The first message of the batch: header templates render from it. */
    private LogMessage first;
    private long bytes;
    private int failures;
    private String dropReason = "destination";
    private volatile String disconnectReason;
    private DropCounter drops = (reason, n) -> { };
    /** Posts the batches flushed in the background; the worker keeps at most one in flight. */
    private ExecutorService sender;

    HttpDestination(HttpClient client, Settings settings, HttpBody body) {
        this.client = client;
        this.settings = settings;
        this.body = body;
    }

    @Override public void dropCounter(DropCounter counter) { this.drops = counter; }

    @Override public String dropReason() { return dropReason; }

    @Override
    public Result send(LogMessage message) throws MessageRejected {
        HttpBody.Entry e = body.entry(message);
        if (entries.isEmpty()) first = message;
        entries.add(e);
        bytes += e.text().length() + 1;
        return Result.QUEUED;
    }

    @Override public String disconnectReason() { return disconnectReason; }

    @Override public boolean batchFull() { return bytes >= settings.batchBytes(); }

    @Override
    public Result flush() throws InterruptedException, RetryableStatus {
        if (entries.isEmpty()) return Result.SUCCESS;
        return deliver(takeBatch(), renderHeaders());
    }

    /** A request is a round trip: the worker sends the next batch while this one is on its way. */
    @Override public boolean flushesInBackground() { return true; }

    @Override
    public Future<Result> flushInBackground() {
        if (entries.isEmpty()) return CompletableFuture.completedFuture(Result.SUCCESS);
        Map<String, String> headers = renderHeaders();
        List<HttpBody.Entry> batch = takeBatch();
        return sender().submit(() -> deliver(batch, headers));
    }

    private ExecutorService sender() {
        if (sender == null) {
            sender = Executors.newSingleThreadExecutor(Thread.ofPlatform().daemon(true)
                    .name("http-send-" + settings.url().getHost() + ":" + settings.url().getPort()).factory());
        }
        return sender;
    }

    /** The queued entries, as one batch; whatever its outcome, the worker sends a rewound batch again from the start. */
    private List<HttpBody.Entry> takeBatch() {
        List<HttpBody.Entry> batch = new ArrayList<>(entries);
        entries.clear();
        bytes = 0;
        return batch;
    }

    /** The header templates, rendered from the batch's first message (on the worker's thread, as every template is). */
    private Map<String, String> renderHeaders() {
        if (settings.headers().isEmpty()) return Map.of();
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, Template> h : settings.headers().entrySet()) {
            out.put(h.getKey(), h.getValue().render(first, settings.options()));
        }
        return out;
    }

    /** POSTs one batch and reads the answer; runs on the worker's thread or on the sender, one batch at a time. */
    private Result deliver(List<HttpBody.Entry> batch, Map<String, String> headers) throws InterruptedException, RetryableStatus {
        for (int attempt = 0; ; attempt++) {
            HttpResponse<String> response;
            try {
                response = post(batch, headers);
            } catch (IOException e) {
                log.warn("HTTP destination {}: {}", settings.url(), e.toString());
                disconnectReason = e.toString();
                return Result.NOT_CONNECTED;
            }
            int status = response.statusCode();
            if (status >= 200 && status < 300) {
                failures = 0;
                boolean[] again = body.retry(response.body(), batch.size(), drops);
                List<HttpBody.Entry> rest = new ArrayList<>();
                if (again != null) for (int i = 0; i < again.length; i++) if (again[i]) rest.add(batch.get(i));
                if (rest.isEmpty()) return Result.SUCCESS;
                if (attempt >= settings.itemRetries()) {
                    drops.drop("item-retries-exhausted", rest.size());
                    return Result.SUCCESS;
                }
                Thread.sleep(backoff(null, attempt).toMillis());
                batch = rest;
                continue;
            }
            if (status == 429 || status == 408 || status >= 500) {
                Duration wait = backoff(response, failures++);
                Thread.sleep(wait.toMillis());
                // as an exception, so that errors and health say which status (the worker retries it as ERROR)
                throw new RetryableStatus(settings.url() + " answered " + status + " (" + abbreviate(response.body())
                        + "); the batch goes again after " + wait.toMillis() + " ms");
            }
            dropReason = "http-" + status;
            log.warn("HTTP destination {} answered {} ({}); the batch of {} is dropped", settings.url(), status,
                    abbreviate(response.body()), batch.size());
            return Result.DROP;
        }
    }

    private HttpResponse<String> post(List<HttpBody.Entry> batch, Map<String, String> headers) throws IOException, InterruptedException {
        long size = 64;
        for (HttpBody.Entry e : batch) size += e.text().length() + 1;
        StringBuilder text = new StringBuilder((int) Math.min(Integer.MAX_VALUE - 16, size + size / 8)); // Loki's and HEC's framing add a little
        body.write(batch, text);
        byte[] payload = text.toString().getBytes(StandardCharsets.UTF_8);
        HttpRequest.Builder request = HttpRequest.newBuilder(settings.url()).timeout(settings.timeout())
                .header("Content-Type", body.contentType());
        if (settings.gzip()) {
            ByteArrayOutputStream zipped = new ByteArrayOutputStream(payload.length / 4 + 64);
            try (GZIPOutputStream gz = new GZIPOutputStream(zipped)) {
                gz.write(payload);
            }
            payload = zipped.toByteArray();
            request.header("Content-Encoding", "gzip");
        }
        if (settings.authorization() != null) request.header("Authorization", settings.authorization());
        headers.forEach(request::header);
        request.method(settings.method(), HttpRequest.BodyPublishers.ofByteArray(payload));
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** {@code Retry-After} (seconds or an HTTP date) when the server sent one, else 250 ms doubling per failure; at most 30 s. */
    static Duration backoff(HttpResponse<?> response, int failures) {
        if (response != null) {
            String after = response.headers().firstValue("Retry-After").orElse(null);
            if (after != null) {
                try {
                    return min(Duration.ofSeconds(Long.parseLong(after.trim())));
                } catch (NumberFormatException notSeconds) {
                    try {
                        return min(Duration.between(ZonedDateTime.now(), ZonedDateTime.parse(after.trim(), DateTimeFormatter.RFC_1123_DATE_TIME)));
                    } catch (RuntimeException notADate) {
                        // fall through to the backoff
                    }
                }
            }
        }
        return min(Duration.ofMillis(250L << Math.min(failures, 7)));
    }

    private static Duration min(Duration d) {
        if (d.isNegative()) return Duration.ZERO;
        return d.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : d;
    }

    private static String abbreviate(String s) {
        if (s == null) return "";
        return s.length() > 300 ? s.substring(0, 300) + "…" : s;
    }

    /** A 429, 408 or 5xx answer: the batch is sent again. */
    static final class RetryableStatus extends Exception {
        RetryableStatus(String message) { super(message, null, false, false); }
    }

    /** The worker rewinds what was QUEUED before closing: the entries are sent again. */
    @Override
    public void close() {
        entries.clear();
        bytes = 0;
    }

    @Override
    public void deinit() {
        if (sender != null) sender.shutdownNow();
        client.shutdownNow();
    }
}
