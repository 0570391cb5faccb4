package dev.sluice.driver.tcp;

import dev.sluice.driver.Destination;
import dev.sluice.driver.file.Utf8Buffer;
import dev.sluice.driver.syslog.SyslogFormat;
import dev.sluice.message.LogMessage;
import dev.sluice.template.Template;
import dev.sluice.template.TemplateOptions;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;

/**
 * Forwards syslog over TCP: RFC5424 octet-counted or RFC3164 newline-terminated. A batch is written
 * on flush; a closed or failing connection reports NOT_CONNECTED, so the worker reconnects after
 * {@code time-reopen} and resends the batch.
 */
final class TcpDestination implements Destination {
    record Settings(String host, int port, SyslogFormat format, Template template, TemplateOptions options,
                    int connectTimeoutMs, int soSndbuf) {}

    private final Settings settings;
    private final StringBuilder payload = new StringBuilder(512);
    private final Utf8Buffer pending = new Utf8Buffer(64 * 1024);
    private final Utf8Buffer frame = new Utf8Buffer(1024);
    private final ByteBuffer probe = ByteBuffer.allocate(256);
    private SocketChannel channel;

    TcpDestination(Settings settings) { this.settings = settings; }

    @Override
    public boolean open() throws IOException {
        SocketChannel ch = SocketChannel.open();
        try {
            ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
            if (settings.soSndbuf() > 0) ch.setOption(StandardSocketOptions.SO_SNDBUF, settings.soSndbuf());
            ch.socket().connect(new InetSocketAddress(settings.host(), settings.port()), settings.connectTimeoutMs());
        } catch (IOException e) {
            ch.close();
            throw e;
        }
        channel = ch;
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

    @Override
    public Result flush() {
        try {
            if (peerClosed()) {
                pending.clear();
                return Result.NOT_CONNECTED;
            }
            pending.writeTo(channel);
            return Result.SUCCESS;
        } catch (IOException e) {
            pending.clear();
            return Result.NOT_CONNECTED;
        }
    }

    /** A syslog receiver never writes back; readable EOF means it went away. */
    private boolean peerClosed() throws IOException {
        channel.configureBlocking(false);
        try {
            probe.clear();
            return channel.read(probe) < 0;
        } finally {
            channel.configureBlocking(true);
        }
    }

    @Override
    public void close() {
        pending.clear();
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // already broken
            }
            channel = null;
        }
    }
}
