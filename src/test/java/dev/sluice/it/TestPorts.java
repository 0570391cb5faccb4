package dev.sluice.it;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.LinkedHashMap;
import java.util.Map;

/** Free loopback ports, chosen once per test JVM so every test class shares one Spring context. */
public final class TestPorts {
    public static final Map<String, Integer> PORTS = new LinkedHashMap<>();

    static {
        for (String name : new String[] {"tcp", "udp", "relay", "syslogng-in", "syslogng-front", "py", "fc", "fc-sink", "drop", "drop-sink"}) {
            PORTS.put(name, free());
        }
    }

    private TestPorts() {}

    public static int port(String name) { return PORTS.get(name); }

    public static int free() {
        try (ServerSocket s = new ServerSocket(0)) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
