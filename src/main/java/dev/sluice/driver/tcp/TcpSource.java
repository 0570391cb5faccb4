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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Syslog over TCP (or TLS): LF-terminated and octet-counted frames on the same port. Each
 * connection has a window of {@code log-iw-size / max-connections} messages; when it is full the
 * connection stops reading until acknowledgements free it, so the sender feels the pressure.
 *
 * <p>A reload that changes this source but not its address {@linkplain #takeOver takes over} the
 * listener and its open connections (syslog-ng's keep-alive): each connection's decoder is swapped
 * on its event loop, the bytes it had buffered pass to the new one, and the sender notices nothing.
 */
public final class TcpSource implements Source, Listener {
    private static final Logger log = LoggerFactory.getLogger(TcpSource.class);
    private static final String DECODER = "syslog-decoder";

    /** What the factory read from the configuration. */
    record Settings(String ip, int port, ParseOptions parse, int windowPerConnection, int maxConnections,
                    SslContext tls, int soRcvbuf) {}

    private final Settings settings;
    private final NettyTransport transport;
    private Listening listening;
    private volatile SourceContext context;
    /** Set when a newer generation's source took the listener over: stop() then leaves it open. */
    private volatile boolean handedOver;

    /** The listener and its connections, shared by the generations that take it over in turn. */
    private static final class Listening {
        final ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
        final AtomicInteger open = new AtomicInteger();
        Channel server;
        /** The source whose settings and pipeline new connections get. */
        TcpSource current;
    }

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
        Listening l = new Listening();
        l.current = this;
        ServerBootstrap b = new ServerBootstrap()
                .group(transport.acceptors(), transport.workers())
                .channel(transport.serverChannel())
                .option(ChannelOption.SO_REUSEADDR, true)
                .option(ChannelOption.SO_BACKLOG, 256)
                .childOption(ChannelOption.SO_RCVBUF, settings.soRcvbuf())
                .childHandler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        synchronized (l) {
                            l.current.accept(l, ch);
                        }
                    }
                });
        l.server = b.bind(settings.ip(), settings.port()).sync().channel();
        listening = l;
        log.info("Source {} listening on {}/{}", context.id(), settings.tls() != null ? "tls" : "tcp", l.server.localAddress());
    }

    private void accept(Listening l, Channel ch) {
        if (l.open.incrementAndGet() > settings.maxConnections()) {
            l.open.decrementAndGet();
            context.dropped("max-connections");
            log.warn("Source {}: refusing connection from {}, max-connections {} reached",
                    context.id(), ch.remoteAddress(), settings.maxConnections());
            ch.close();
            return;
        }
        ch.closeFuture().addListener(f -> l.open.decrementAndGet());
        l.connections.add(ch);
        if (settings.tls() != null) ch.pipeline().addLast(settings.tls().newHandler(ch.alloc()));
        ch.pipeline().addLast(DECODER, new Connection(ch).decoder());
        ch.pipeline().addLast(new ErrorHandler());
    }

    /** The previous generation's source listens on the same address with the same transport. */
    @Override
    public boolean canTakeOver(Source previous) {
        return previous instanceof TcpSource old && old.listening != null && !old.handedOver
                && old.settings.ip().equals(settings.ip()) && old.settings.port() == settings.port()
                && (old.settings.tls() == null) == (settings.tls() == null);
    }

    /**
     * The listener stays bound and every open connection continues with this source's settings and
     * pipeline. Returns once no connection can post to the previous one.
     */
    @Override
    public void takeOver(Source previous, SourceContext context) {
        TcpSource old = (TcpSource) previous;
        this.context = context;
        Listening l = old.listening;
        List<Channel> open;
        synchronized (l) {
            l.current = this;
            open = List.copyOf(l.connections);
        }
        List<io.netty.util.concurrent.Future<?>> swaps = new ArrayList<>();
        for (Channel ch : open) {
            swaps.add(ch.eventLoop().submit(() -> {
                if (ch.pipeline().get(DECODER) == null) return;
                // replace() routes the bytes the old decoder had accumulated to the new one.
                ch.pipeline().replace(DECODER, DECODER, new Connection(ch).decoder());
                if (!ch.config().isAutoRead()) { // paused by the old window: the new one is empty
                    ch.config().setAutoRead(true);
                    ch.read();
                }
            }));
        }
        for (var f : swaps) f.awaitUninterruptibly();
        listening = l;
        old.handedOver = true;
        log.info("Source {} took over the listener {} and {} open connection(s)", context.id(), l.server.localAddress(), open.size());
    }

    @Override
    public void stop() {
        if (handedOver || listening == null) return;
        listening.server.close().syncUninterruptibly();
        listening.connections.close().awaitUninterruptibly();
    }

    @Override
    public boolean ready() { return listening != null && listening.server.isActive(); }

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
