package dev.sluice.driver.udp;

import dev.sluice.driver.CommonOptions;
import dev.sluice.driver.DriverContext;
import dev.sluice.driver.DriverFactory;
import dev.sluice.driver.DriverRole;
import dev.sluice.driver.DriverSpec;
import dev.sluice.driver.Source;
import dev.sluice.driver.netty.NettyTransport;

/** {@code type: udp} source. */
public final class UdpSourceFactory implements DriverFactory<Source> {
    private final NettyTransport transport;

    public UdpSourceFactory(NettyTransport transport) { this.transport = transport; }

    @Override public String type() { return "udp"; }
    @Override public DriverRole role() { return DriverRole.SOURCE; }

    @Override
    public Source create(DriverSpec spec, DriverContext context) {
        return new UdpSource(new UdpSource.Settings(
                spec.string("ip", "0.0.0.0"),
                spec.port("port", 514),
                CommonOptions.parseOptions(spec),
                spec.integer("log-iw-size", 10_000),
                (int) spec.size("so-rcvbuf", 4 << 20)), transport);
    }
}
