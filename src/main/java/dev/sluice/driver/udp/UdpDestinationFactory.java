package dev.sluice.driver.udp;

import dev.sluice.driver.CommonOptions;
import dev.sluice.driver.Destination;
import dev.sluice.driver.DriverContext;
import dev.sluice.driver.DriverFactory;
import dev.sluice.driver.DriverRole;
import dev.sluice.driver.DriverSpec;
import dev.sluice.driver.syslog.SyslogFormat;
import dev.sluice.template.Template;

/** {@code type: udp} destination: syslog forwarding over UDP (RFC3164 unless {@code format: rfc5424}). */
public final class UdpDestinationFactory implements DriverFactory<Destination> {
    @Override public String type() { return "udp"; }
    @Override public DriverRole role() { return DriverRole.DESTINATION; }

    @Override
    public Destination create(DriverSpec spec, DriverContext context) {
        String host = spec.requiredString("host");
        int port = spec.port("port", 514);
        SyslogFormat format = spec.choice("format", SyslogFormat.class, SyslogFormat.RFC3164);
        Template template = CommonOptions.template(spec, context, "template", null);
        return new UdpDestination(new UdpDestination.Settings(host, port, format, template,
                CommonOptions.templateOptions(spec), spec.integer("max-datagram-size", 65000)));
    }
}
