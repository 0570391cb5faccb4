package dev.sluice.driver.tcp;

import dev.sluice.driver.Source;
import dev.sluice.driver.netty.NettyTransport;
import dev.sluice.it.TestPorts;
import dev.sluice.message.ParseOptions;
import dev.sluice.pipeline.SourceKit;
import org.junit.jupiter.api.AfterAll;

import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;

/** The TCP source passes the kit: a real client on loopback, newline-framed syslog. */
class TcpSourceKitTest extends SourceKit {
    private static final NettyTransport TRANSPORT = new NettyTransport(2);
    private final int port = TestPorts.free();

    @AfterAll
    static void close() { TRANSPORT.close(); }

    @Override
    protected Source newSource(int count, int window) {
        return new TcpSource(new TcpSource.Settings("127.0.0.1", port, new ParseOptions(true, true, ZoneOffset.UTC, 65536, false),
                window, 10, null, 64 * 1024), TRANSPORT);
    }

    @Override
    protected void produce(int from, int to) throws Exception {
        try (Socket s = new Socket("127.0.0.1", port)) {
            OutputStream out = s.getOutputStream();
            StringBuilder b = new StringBuilder();
            for (int i = from; i < to; i++) {
                b.append("<13>Nov 23 10:00:00 host app: n=%08d\n".formatted(i));
                if (b.length() > 8192) {
                    out.write(b.toString().getBytes(StandardCharsets.US_ASCII));
                    b.setLength(0);
                }
            }
            out.write(b.toString().getBytes(StandardCharsets.US_ASCII));
        }
    }
}
