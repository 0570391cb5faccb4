package dev.sluice.driver.udp;

import dev.sluice.driver.Source;
import dev.sluice.driver.netty.NettyTransport;
import dev.sluice.it.TestPorts;
import dev.sluice.message.ParseOptions;
import dev.sluice.pipeline.SourceKit;
import org.junit.jupiter.api.AfterAll;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;

/** The UDP source passes the kit (paced datagrams on loopback); UDP cannot push back, so flow control is not asked of it. */
class UdpSourceKitTest extends SourceKit {
    private static final NettyTransport TRANSPORT = new NettyTransport(2);
    private final int port = TestPorts.free();

    @AfterAll
    static void close() { TRANSPORT.close(); }

    @Override
    protected Source newSource(int count, int window) {
        return new UdpSource(new UdpSource.Settings("127.0.0.1", port, new ParseOptions(true, true, ZoneOffset.UTC, 65536, false),
                Math.max(window, count), 4 << 20), TRANSPORT);
    }

    @Override
    protected boolean pushesBack() { return false; }

    @Override
    protected void produce(int from, int to) throws Exception {
        try (DatagramSocket s = new DatagramSocket()) {
            for (int i = from; i < to; i++) {
                byte[] d = "<13>Nov 23 10:00:00 host app: n=%08d".formatted(i).getBytes(StandardCharsets.US_ASCII);
                s.send(new DatagramPacket(d, d.length, InetAddress.getLoopbackAddress(), port));
                if (i % 200 == 0) Thread.sleep(1); // loopback drops a burst larger than the receive buffer
            }
        }
    }
}
