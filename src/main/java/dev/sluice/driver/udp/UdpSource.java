package dev.sluice.driver.udp;

import dev.sluice.driver.CommonOptions;
import dev.sluice.driver.Listener;
import dev.sluice.driver.Source;
import dev.sluice.driver.SourceContext;
import dev.sluice.driver.netty.NettyTransport;
import dev.sluice.message.LogMessage;
import dev.sluice.message.ParseOptions;
import dev.sluice.message.SyslogParser;
import dev.sluice.pipeline.Window;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * Syslog over UDP, one message per datagram. UDP cannot push back on a sender, so with flow
 * control a full window drops the datagram (counted as {@code window-full}) instead of blocking.
 */
public final class UdpSource implements Source, Listener {
    private static final Logger log = LoggerFactory.getLogger(UdpSource.class);

    record Settings(String ip, int port, ParseOptions parse, int window, int soRcvbuf) {}

    private static final int MAX_DATAGRAM = 65536;

    private final Settings settings;
    private final NettyTransport transport;
    private volatile Channel channel;

    UdpSource(Settings settings, NettyTransport transport) {
        this.settings = settings;
        this.transport = transport;
    }

    @Override
    public List<Endpoint> endpoints() {
        return List.of(new Endpoint("udp", settings.ip(), settings.port(), "port"));
    }

    @Override
    public void start(SourceContext context) throws Exception {
        SyslogParser parser = new SyslogParser(settings.parse(), context.parseCounters());
        Window window = context.newWindow(settings.window());
        byte[] scratch = new byte[MAX_DATAGRAM];
        Bootstrap b = new Bootstrap()
                .group(transport.workers())
                .channel(transport.datagramChannel())
                .option(ChannelOption.SO_RCVBUF, settings.soRcvbuf())
                // Netty reads datagrams into 2048-byte buffers by default, cutting longer ones silently;
                // take any datagram whole (the parser then truncates to log-msg-size, and counts it).
                .option(ChannelOption.RECVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(MAX_DATAGRAM))
                .handler(new SimpleChannelInboundHandler<DatagramPacket>() {
                    @Override
                    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
                        if (window.exhausted()) {
                            context.dropped("window-full");
                            return;
                        }
                        ByteBuf buf = packet.content();
                        int len = buf.readableBytes();
                        buf.getBytes(buf.readerIndex(), scratch, 0, len);
                        LogMessage m = parser.parse(scratch, 0, len);
                        CommonOptions.fromPeer(m, packet.sender().getAddress().getHostAddress(), "udp", settings.parse());
                        context.post(m, window);
                    }
                });
        channel = b.bind(settings.ip(), settings.port()).sync().channel();
        log.info("Source {} listening on udp/{}", context.id(), channel.localAddress());
    }

    @Override
    public void stop() {
        if (channel != null) channel.close().syncUninterruptibly();
    }

    @Override
    public boolean ready() { return channel != null && channel.isActive(); }
}
