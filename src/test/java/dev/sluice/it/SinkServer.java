package dev.sluice.it;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A syslog receiver for tests that can refuse to read: it accepts the connection but reads
 * nothing until {@link #startReading()}, so the sender's socket buffers fill and it blocks.
 */
final class SinkServer implements AutoCloseable {
    private final ServerSocket server;
    private final CountDownLatch reading = new CountDownLatch(1);
    private final AtomicLong lines = new AtomicLong();
    private final StringBuilder last = new StringBuilder();
    private volatile Socket socket;

    SinkServer(int port) throws IOException {
        server = new ServerSocket();
        server.setReuseAddress(true);
        server.setReceiveBufferSize(65536);
        server.bind(new InetSocketAddress("127.0.0.1", port));
        Thread.ofPlatform().daemon(true).name("sink-" + port).start(this::serve);
    }

    private void serve() {
        try {
            socket = server.accept();
            reading.await();
            InputStream in = socket.getInputStream();
            byte[] buf = new byte[65536];
            int n;
            while ((n = in.read(buf)) > 0) {
                for (int i = 0; i < n; i++) if (buf[i] == '\n') lines.incrementAndGet();
                synchronized (last) {
                    last.setLength(0);
                    last.append(new String(buf, 0, n, StandardCharsets.UTF_8));
                }
            }
        } catch (IOException | InterruptedException e) {
            // closed by the test
        }
    }

    void startReading() { reading.countDown(); }

    long lines() { return lines.get(); }

    boolean connected() { return socket != null; }

    @Override
    public void close() throws IOException {
        reading.countDown();
        if (socket != null) socket.close();
        server.close();
    }
}
