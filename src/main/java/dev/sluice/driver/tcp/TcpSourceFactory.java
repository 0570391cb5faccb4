package dev.sluice.driver.tcp;

import dev.sluice.driver.CommonOptions;
import dev.sluice.driver.DriverContext;
import dev.sluice.driver.DriverFactory;
import dev.sluice.driver.DriverRole;
import dev.sluice.driver.DriverSpec;
import dev.sluice.driver.Source;
import dev.sluice.driver.netty.NettyTransport;
import dev.sluice.driver.netty.TlsOptions;

/** {@code type: tcp} source. */
public final class TcpSourceFactory implements DriverFactory<Source> {
    private final NettyTransport transport;

    public TcpSourceFactory(NettyTransport transport) { this.transport = transport; }

    @Override public String type() { return "tcp"; }
    @Override public DriverRole role() { return DriverRole.SOURCE; }

    @Override
    public Source create(DriverSpec spec, DriverContext context) {
        int maxConnections = spec.integer("max-connections", 100);
        int iw = spec.integer("log-iw-size", 100_000);
        if (maxConnections < 1) spec.error("max-connections", "must be at least 1");
        return new TcpSource(new TcpSource.Settings(
                spec.string("ip", "0.0.0.0"),
                spec.port("port", 514),
                CommonOptions.parseOptions(spec),
                Math.max(1, iw / Math.max(1, maxConnections)),
                Math.max(1, maxConnections),
                TlsOptions.serverContext(spec),
                (int) spec.size("so-rcvbuf", 1 << 20)), transport);
    }
}
