package dev.sluice.driver.netty;

import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;

/**
 * The event loops all network sources share: epoll where available, NIO elsewhere. Sized to the
 * machine; sources never block a loop (flow control pauses reading instead).
 */
public final class NettyTransport implements AutoCloseable {
    private final boolean epoll = Epoll.isAvailable();
    private final EventLoopGroup acceptors;
    private final EventLoopGroup workers;

    public NettyTransport(int workerThreads) {
        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        this.acceptors = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("sluice-accept", true), io);
        this.workers = new MultiThreadIoEventLoopGroup(workerThreads, new DefaultThreadFactory("sluice-io", true), io);
    }

    public EventLoopGroup acceptors() { return acceptors; }
    public EventLoopGroup workers() { return workers; }

    public Class<? extends ServerChannel> serverChannel() {
        return epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    }

    public Class<? extends Channel> datagramChannel() {
        return epoll ? EpollDatagramChannel.class : NioDatagramChannel.class;
    }

    @Override
    public void close() {
        acceptors.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS);
        workers.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS);
    }
}
