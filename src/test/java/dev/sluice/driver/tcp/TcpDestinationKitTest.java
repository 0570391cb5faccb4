package dev.sluice.driver.tcp;

import dev.sluice.driver.Destination;
import dev.sluice.driver.syslog.SyslogFormat;
import dev.sluice.pipeline.DestinationKit;
import dev.sluice.template.TemplateCompiler;
import dev.sluice.template.TemplateOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;

/** The TCP destination passes the kit against a real receiver on loopback; its outage is the receiver going away. */
class TcpDestinationKitTest extends DestinationKit {
    private final TemplateCompiler compiler = TemplateCompiler.withBuiltins();
    private final StringBuffer received = new StringBuffer();
    private volatile ServerSocket server;
    private volatile Socket client;
    private int port;

    @BeforeEach
    void listen() throws IOException {
        server = bind(0);
        port = server.getLocalPort();
    }

    @AfterEach
    void close() throws IOException {
        if (server != null) server.close();
        if (client != null) client.close();
    }

    private ServerSocket bind(int p) throws IOException {
        ServerSocket s = new ServerSocket();
        s.setReuseAddress(true);
        s.bind(new InetSocketAddress("127.0.0.1", p));
        Thread.ofPlatform().daemon(true).start(() -> serve(s));
        return s;
    }

    /** Reads every connection to its end; a read timeout is only a pause in the stream. */
    private void serve(ServerSocket s) {
        try {
            while (!s.isClosed()) {
                Socket c = s.accept();
                client = c;
                c.setSoTimeout(100);
                InputStream in = c.getInputStream();
                byte[] buf = new byte[65536];
                while (true) {
                    int n;
                    try {
                        n = in.read(buf);
                    } catch (SocketTimeoutException pause) {
                        if (c.isClosed()) break;
                        continue;
                    }
                    if (n < 0) break;
                    received.append(new String(buf, 0, n, StandardCharsets.UTF_8));
                }
            }
        } catch (IOException closed) {
            // the test closed the receiver
        }
    }

    @Override
    protected Destination newDestination() {
        return new TcpDestination(new TcpDestination.Settings("127.0.0.1", port, SyslogFormat.RFC3164, compiler.compile("$MESSAGE"),
                new TemplateOptions(ZoneOffset.UTC, 0), 2000, 0));
    }

    @Override
    protected String delivered() { return received.toString(); }

    /** The receiver goes away (the kit calls this once it has read everything); new connections are refused. */
    @Override
    protected boolean breakDestination() throws Exception {
        server.close();
        if (client != null) client.close();
        return true;
    }

    @Override
    protected void repair() throws IOException {
        server = bind(port);
    }
}
