package dev.sluice.driver.udp;

import dev.sluice.driver.Destination;
import dev.sluice.driver.syslog.SyslogFormat;
import dev.sluice.pipeline.DestinationKit;
import dev.sluice.template.TemplateCompiler;
import dev.sluice.template.TemplateOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;

/**
 * The UDP destination passes the kit against a real receiver on loopback with a large receive
 * buffer (UDP has no acknowledgement: an outage cannot be noticed, so the kit does not break it).
 */
class UdpDestinationKitTest extends DestinationKit {
    private final TemplateCompiler compiler = TemplateCompiler.withBuiltins();
    private final StringBuffer received = new StringBuffer();
    private DatagramSocket receiver;

    @BeforeEach
    void listen() throws SocketException {
        receiver = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        receiver.setReceiveBufferSize(8 << 20);
        Thread.ofPlatform().daemon(true).start(() -> {
            byte[] buf = new byte[65536];
            try {
                while (true) {
                    DatagramPacket p = new DatagramPacket(buf, buf.length);
                    receiver.receive(p);
                    received.append(new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8)).append('\n');
                }
            } catch (java.io.IOException closed) {
                // the test is over
            }
        });
    }

    @AfterEach
    void close() { receiver.close(); }

    @Override
    protected Destination newDestination() {
        return new UdpDestination(new UdpDestination.Settings("127.0.0.1", receiver.getLocalPort(), SyslogFormat.RFC3164,
                compiler.compile("$MESSAGE"), new TemplateOptions(ZoneOffset.UTC, 0), 65000));
    }

    @Override
    protected String delivered() { return received.toString(); }
}
