package dev.sluice.driver.tcp;

import dev.sluice.driver.CommonOptions;
import dev.sluice.driver.Listener;
import dev.sluice.driver.Source;
import dev.sluice.driver.SourceContext;
import dev.sluice.driver.netty.NettyTransport;
import dev.sluice.driver.syslog.SyslogFrameDecoder;
import dev.sluice.message.LogMessage;
import dev.sluice.message.ParseOptions;
import dev.sluice.message.SyslogParser;
import dev.sluice.pipeline.Window;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.handler.ssl.SslContext;
import io.netty.util.concurrent.GlobalEventExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Syslog over TCP (or TLS): LF-terminated and octet-counted frames on the same port. Each
 * connection has a window of {@code log-iw-size / max-connections} messages; when it is full the
 * connection stops reading until acknowledgements free it, so the sender feels the pressure.
 */
public final class TcpSource implements Source, Listener {
    private static final Logger log = LoggerFactory.getLogger(TcpSource.class);

    /** What the factory read from the configuration. */
    record Settings(String ip, int port, ParseOptions parse, int windowPerConnection, int maxConnections,
                    SslContext tls, int soRcvbuf) {}

    private final Settings settings;
    private final NettyTransport transport;
    private final ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private final AtomicInteger open = new AtomicInteger();
    private volatile Channel server;
    private SourceContext context;

    TcpSource(Settings settings, NettyTransport transport) {
        this.settings = settings;
        this.transport = transport;
    }

    @Override
    public List<Endpoint> endpoints() {
        return List.of(new Endpoint("tcp", settings.ip(), settings.port(), "port"));
    }

    @Override
    public void start(SourceContext context) throws Exception {
        this.context = context;
        ServerBootstrap b = new ServerBootstrap()
                .group(transport.acceptors(), transport.workers())
                .channel(transport.serverChannel())
                .option(ChannelOption.SO_REUSEADDR, true)
                .option(ChannelOption.SO_BACKLOG, 256)
                .childOption(ChannelOption.SO_RCVBUF, settings.soRcvbuf())
                .childHandler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        if (open.incrementAndGet() > settings.maxConnections()) {
                            open.decrementAndGet();
                            context.dropped("max-connections");
                            log.warn("Source {}: refusing connection from {}, max-connections {} reached",
                                    context.id(), ch.remoteAddress(), settings.maxConnections());
                            ch.close();
                            return;
                        }
                        ch.closeFuture().addListener(f -> open.decrementAndGet());
                        connections.add(ch);
                        if (settings.tls() != null) ch.pipeline().addLast(settings.tls().newHandler(ch.alloc()));
                        ch.pipeline().addLast(new Connection(ch).decoder());
                        ch.pipeline().addLast(new ErrorHandler());
                    }
                });
        server = b.bind(settings.ip(), settings.port()).sync().channel();
        log.info("Source {} listening on {}/{}", context.id(), settings.tls() != null ? "tls" : "tcp", server.localAddress());
    }

    @Override
    public void stop() {
        if (server != null) server.close().syncUninterruptibly();
        connections.close().awaitUninterruptibly();
    }

    @Override
    public boolean ready() { return server != null && server.isActive(); }

    /** One client connection: its peer address and its window. */
    private final class Connection {
        private final Channel channel;
        private final Window window;
        private final String peerIp;
        private final String transportName;

        Connection(Channel channel) {
            this.channel = channel;
            this.window = context.newWindow(settings.windowPerConnection());
            InetSocketAddress remote = (InetSocketAddress) channel.remoteAddress();
            this.peerIp = remote == null ? "" : remote.getAddress().getHostAddress();
            this.transportName = settings.tls() != null ? "tls" : "tcp";
        }

        SyslogFrameDecoder decoder() {
            SyslogParser parser = new SyslogParser(settings.parse(), context.parseCounters());
            return new SyslogFrameDecoder(parser, this::decorate, this::post);
        }

        private void decorate(LogMessage m) {
            CommonOptions.fromPeer(m, peerIp, transportName, settings.parse());
        }

        private void post(ChannelHandlerContext ctx, List<LogMessage> batch) {
            context.post(batch, window);
            if (window.exhausted() && channel.config().isAutoRead()) {
                channel.config().setAutoRead(false);
                if (!window.suspend(this::resume)) channel.config().setAutoRead(true);
            }
        }

        private void resume() {
            channel.eventLoop().execute(() -> {
                channel.config().setAutoRead(true);
                channel.read();
            });
        }
    }

    private final class ErrorHandler extends ChannelInboundHandlerAdapter {
        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            log.warn("Source {}: connection from {} failed: {}", context.id(), ctx.channel().remoteAddress(), cause.toString());
            ctx.close();
        }
    }
}
