package dev.sluice.driver.tcp;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.List;

/** The TCP destination's connection: plain, or TLS over a blocking socket. A syslog receiver never writes back. */
interface Link extends AutoCloseable {
    void write(ByteBuffer bytes) throws IOException;

    /** Whether the receiver has closed the connection (read end of stream). */
    boolean peerClosed() throws IOException;

    @Override
    void close();

    static Link plain(String host, int port, int connectTimeoutMs, int soSndbuf) throws IOException {
        SocketChannel ch = SocketChannel.open();
        try {
            ch.setOption(java.net.StandardSocketOptions.TCP_NODELAY, true);
            if (soSndbuf > 0) ch.setOption(java.net.StandardSocketOptions.SO_SNDBUF, soSndbuf);
            ch.socket().connect(new InetSocketAddress(host, port), connectTimeoutMs);
        } catch (IOException e) {
            ch.close();
            throw e;
        }
        return new Plain(ch);
    }

    /**
     * TLS: the handshake happens here, so a certificate the peer refuses (or we refuse) fails the
     * open; with {@code verifyHost} the server's certificate must name {@code host}.
     */
    static Link tls(SSLContext context, String host, int port, int connectTimeoutMs, int soSndbuf, boolean verifyHost) throws IOException {
        Socket raw = new Socket();
        try {
            raw.setTcpNoDelay(true);
            if (soSndbuf > 0) raw.setSendBufferSize(soSndbuf);
            raw.connect(new InetSocketAddress(host, port), connectTimeoutMs);
            SSLSocket s = (SSLSocket) context.getSocketFactory().createSocket(raw, host, port, true);
            SSLParameters params = s.getSSLParameters();
            if (verifyHost) params.setEndpointIdentificationAlgorithm("HTTPS");
            if (!host.isEmpty() && !Character.isDigit(host.charAt(0))) params.setServerNames(List.of(new SNIHostName(host)));
            s.setSSLParameters(params);
            s.setSoTimeout(connectTimeoutMs);
            s.startHandshake();
            return new Tls(s);
        } catch (IOException e) {
            raw.close();
            throw e;
        }
    }

    final class Plain implements Link {
        private final SocketChannel channel;
        private final ByteBuffer probe = ByteBuffer.allocate(256);

        Plain(SocketChannel channel) { this.channel = channel; }

        public void write(ByteBuffer bytes) throws IOException {
            while (bytes.hasRemaining()) channel.write(bytes);
        }

        public boolean peerClosed() throws IOException {
            channel.configureBlocking(false);
            try {
                probe.clear();
                return channel.read(probe) < 0;
            } finally {
                channel.configureBlocking(true);
            }
        }

        public void close() {
            try {
                channel.close();
            } catch (IOException ignored) {
                // already broken
            }
        }
    }

    final class Tls implements Link {
        private final SSLSocket socket;
        private final OutputStream out;
        private final InputStream in;

        Tls(SSLSocket socket) throws IOException {
            this.socket = socket;
            this.out = socket.getOutputStream();
            this.in = socket.getInputStream();
        }

        public void write(ByteBuffer bytes) throws IOException {
            out.write(bytes.array(), bytes.arrayOffset() + bytes.position(), bytes.remaining());
            out.flush();
        }

        /** A blocking TLS socket cannot peek without blocking: a 1 ms read tells an idle peer from a closed one. */
        public boolean peerClosed() throws IOException {
            int timeout = socket.getSoTimeout();
            socket.setSoTimeout(1);
            try {
                return in.read() < 0;
            } catch (SocketTimeoutException alive) {
                return false;
            } finally {
                socket.setSoTimeout(timeout);
            }
        }

        public void close() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // already broken
            }
        }
    }
}
