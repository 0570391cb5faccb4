package dev.sluice.driver.tcp;

import dev.sluice.driver.CommonOptions;
import dev.sluice.driver.Destination;
import dev.sluice.driver.DriverContext;
import dev.sluice.driver.DriverFactory;
import dev.sluice.driver.DriverRole;
import dev.sluice.driver.DriverSpec;
import dev.sluice.driver.netty.TlsOptions;
import dev.sluice.driver.syslog.SyslogFormat;
import dev.sluice.template.Template;

/**
 * {@code type: tcp} destination: syslog forwarding; {@code tls: {ca-file, cert-file, key-file, peer-verify}}
 * forwards over TLS (mutual with a client certificate), the server's certificate checked against
 * {@code host} unless {@code peer-verify: none}. Certificates are read when the configuration is, so
 * a reload re-reads them.
 */
public final class TcpDestinationFactory implements DriverFactory<Destination> {
    @Override public String type() { return "tcp"; }
    @Override public DriverRole role() { return DriverRole.DESTINATION; }

    @Override
    public Destination create(DriverSpec spec, DriverContext context) {
        String host = spec.requiredString("host");
        int port = spec.port("port", 514);
        SyslogFormat format = spec.choice("format", SyslogFormat.class, SyslogFormat.RFC5424);
        Template template = CommonOptions.template(spec, context, "template", null);
        int timeout = (int) spec.duration("connect-timeout", java.time.Duration.ofSeconds(5)).toMillis();
        var tls = TlsOptions.clientContext(spec);
        boolean verifyHost = tls != null && TlsOptions.verifiesPeer(spec);
        return new TcpDestination(new TcpDestination.Settings(host, port, format, template,
                CommonOptions.templateOptions(spec), timeout, (int) spec.size("so-sndbuf", 0), tls, verifyHost));
    }
}
