package dev.sluice.driver.udp;

import dev.sluice.driver.Destination;
import dev.sluice.driver.file.Utf8Buffer;
import dev.sluice.driver.syslog.SyslogFormat;
import dev.sluice.message.LogMessage;
import dev.sluice.template.Template;
import dev.sluice.template.TemplateOptions;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;

/** Forwards syslog over UDP, one message per datagram, truncated to {@code max-datagram-size}. */
final class UdpDestination implements Destination {
    record Settings(String host, int port, SyslogFormat format, Template template, TemplateOptions options, int maxDatagram) {}

    private final Settings settings;
    private final StringBuilder payload = new StringBuilder(512);
    private final Utf8Buffer bytes = new Utf8Buffer(2048);
    private DatagramChannel channel;
    private String disconnectReason;

    UdpDestination(Settings settings) { this.settings = settings; }

    @Override
    public boolean open() throws IOException {
        channel = DatagramChannel.open();
        channel.connect(new InetSocketAddress(settings.host(), settings.port()));
        return true;
    }

    @Override public String disconnectReason() { return disconnectReason; }

    @Override
    public Result send(LogMessage message) {
        payload.setLength(0);
        settings.format().render(message, settings.template(), settings.options(), payload);
        int end = payload.length();
        while (end > 0 && payload.charAt(end - 1) == '\n') end--;
        payload.setLength(end);
        bytes.clear();
        bytes.append(payload);
        byte[] data = bytes.toByteArray();
        try {
            channel.write(ByteBuffer.wrap(data, 0, Math.min(data.length, settings.maxDatagram())));
            return Result.SUCCESS;
        } catch (IOException e) {
            disconnectReason = e.toString();
            return Result.NOT_CONNECTED;
        }
    }

    @Override
    public void close() {
        try {
            if (channel != null) channel.close();
        } catch (IOException ignored) {
            // nothing to recover
        }
    }
}
