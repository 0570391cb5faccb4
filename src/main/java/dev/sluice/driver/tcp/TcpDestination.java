package dev.sluice.driver.tcp;

import dev.sluice.driver.Destination;
import dev.sluice.driver.file.Utf8Buffer;
import dev.sluice.driver.syslog.SyslogFormat;
import dev.sluice.message.LogMessage;
import dev.sluice.template.Template;
import dev.sluice.template.TemplateOptions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Forwards syslog over TCP, or TLS with {@code tls:}: RFC5424 octet-counted or RFC3164 newline-terminated. A batch is written
 * on flush; a closed or failing connection reports NOT_CONNECTED, so the worker reconnects after
 * {@code time-reopen} and resends the batch.
 */
final class TcpDestination implements Destination {
    /** {@code tls} null for plain TCP; {@code verifyHost}: the server's certificate must name {@code host}. */
    record Settings(String host, int port, SyslogFormat format, Template template, TemplateOptions options,
                    int connectTimeoutMs, int soSndbuf, javax.net.ssl.SSLContext tls, boolean verifyHost) {
        Settings(String host, int port, SyslogFormat format, Template template, TemplateOptions options, int connectTimeoutMs, int soSndbuf) {
            this(host, port, format, template, options, connectTimeoutMs, soSndbuf, null, false);
        }
    }

    private final Settings settings;
    private final StringBuilder payload = new StringBuilder(512);
    private final Utf8Buffer pending = new Utf8Buffer(64 * 1024);
    private final Utf8Buffer frame = new Utf8Buffer(1024);
    private Link channel;
    private String disconnectReason;

    TcpDestination(Settings settings) { this.settings = settings; }

    @Override
    public boolean open() throws IOException {
        channel = settings.tls() == null
                ? Link.plain(settings.host(), settings.port(), settings.connectTimeoutMs(), settings.soSndbuf())
                : Link.tls(settings.tls(), settings.host(), settings.port(), settings.connectTimeoutMs(), settings.soSndbuf(), settings.verifyHost());
        return true;
    }

    @Override
    public Result send(LogMessage message) {
        payload.setLength(0);
        settings.format().render(message, settings.template(), settings.options(), payload);
        if (settings.format() == SyslogFormat.RFC5424) {
            frame.clear();
            frame.append(payload);
            pending.append(Integer.toString(frame.size()).getBytes(StandardCharsets.US_ASCII));
            pending.append(SPACE);
            pending.append(frame.toByteArray());
        } else {
            int end = payload.length();
            while (end > 0 && payload.charAt(end - 1) == '\n') end--;
            payload.setLength(end);
            payload.append('\n');
            pending.append(payload);
        }
        return Result.QUEUED;
    }

    private static final byte[] SPACE = {' '};

    @Override public String disconnectReason() { return disconnectReason; }

    @Override
    public Result flush() {
        try {
            if (channel.peerClosed()) {
                pending.clear();
                disconnectReason = "the peer closed the connection";
                return Result.NOT_CONNECTED;
            }
            channel.write(pending.bytes());
            pending.clear();
            return Result.SUCCESS;
        } catch (IOException e) {
            pending.clear();
            disconnectReason = e.toString();
            return Result.NOT_CONNECTED;
        }
    }

    @Override
    public void close() {
        pending.clear();
        if (channel != null) {
            channel.close();
            channel = null;
        }
    }
}
