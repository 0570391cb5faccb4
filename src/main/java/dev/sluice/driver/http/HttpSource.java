package dev.sluice.driver.http;

import dev.sluice.driver.CommonOptions;
import dev.sluice.driver.Source;
import dev.sluice.driver.SourceContext;
import dev.sluice.message.LogMessage;
import dev.sluice.message.ParseOptions;
import dev.sluice.message.SyslogParser;
import dev.sluice.message.Timestamp;
import dev.sluice.pipeline.Window;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * HTTP ingest: {@code POST} to the source's path on the service's HTTP port. A text body is one
 * message per line (syslog-parsed unless {@code flags: [no-parse]}); a JSON body is an array of
 * strings (lines) or objects (fields). With flow control the request waits for window room.
 */
public final class HttpSource implements Source {
    record Settings(String path, ParseOptions parse, long maxBodySize, String token, int window) {}

    private final Settings settings;
    private final HttpIngestRegistry registry;
    private volatile SourceContext context;
    private volatile Window window;

    HttpSource(Settings settings, HttpIngestRegistry registry) {
        this.settings = settings;
        this.registry = registry;
    }

    Settings settings() { return settings; }

    @Override
    public void start(SourceContext context) {
        this.context = context;
        this.window = context.newWindow(settings.window());
        registry.register(settings.path(), this);
    }

    @Override
    public void stop() {
        registry.unregister(settings.path(), this);
    }

    /** Parses text lines into messages; the parser is per request because requests run concurrently. */
    List<LogMessage> lines(byte[] body, String peer) {
        SyslogParser parser = new SyslogParser(settings.parse(), context.parseCounters());
        List<LogMessage> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= body.length; i++) {
            if (i == body.length || body[i] == '\n') {
                int len = i - start;
                if (len > 0 && !(len == 1 && body[start] == '\r')) out.add(decorate(parser.parse(body, start, len), peer));
                start = i + 1;
            }
        }
        return out;
    }

    /** JSON values: a string is a line, an object maps its fields, anything else is refused. */
    List<LogMessage> json(Object parsed, String peer) {
        SyslogParser parser = new SyslogParser(settings.parse(), context.parseCounters());
        List<Object> items = parsed instanceof List<?> l ? new ArrayList<>(l) : List.of(parsed);
        List<LogMessage> out = new ArrayList<>(items.size());
        for (Object item : items) {
            if (item instanceof String s) {
                out.add(decorate(parser.parse(s), peer));
            } else if (item instanceof Map<?, ?> map) {
                out.add(decorate(fromObject(map), peer));
            } else {
                throw new IllegalArgumentException("JSON items must be strings or objects, got: " + item);
            }
        }
        return out;
    }

    private static LogMessage fromObject(Map<?, ?> map) {
        LogMessage m = new LogMessage();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            String k = String.valueOf(e.getKey());
            Object v = e.getValue();
            String s = v == null ? "" : String.valueOf(v);
            switch (k.toLowerCase()) {
                case "message", "msg" -> m.setMessage(s);
                case "host", "hostname" -> m.setHost(s);
                case "program", "app_name", "appname" -> m.setProgram(s);
                case "pid", "procid" -> m.setPid(s);
                case "msgid" -> m.setMsgid(s);
                case "pri" -> m.setPri(v instanceof Number n ? n.intValue() : Integer.parseInt(s));
                case "timestamp" -> m.setStamp(Timestamp.of(OffsetDateTime.parse(s).toZonedDateTime()));
                default -> m.setValue(k, v instanceof Integer i ? Long.valueOf(i) : v);
            }
        }
        return m;
    }

    private LogMessage decorate(LogMessage m, String peer) {
        CommonOptions.fromPeer(m, peer, "http", settings.parse());
        return m;
    }

    /** Posts, waiting for window room one message at a time when flow control is on. */
    void post(List<LogMessage> messages) throws InterruptedException {
        if (!context.flowControl()) {
            context.post(messages, window);
            return;
        }
        for (LogMessage m : messages) {
            window.awaitRoom();
            context.post(m, window);
        }
    }

    SourceContext context() { return context; }
}
