package dev.sluice.it;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/** Free loopback ports, chosen once per test JVM so every test class shares one Spring context. */
public final class TestPorts {
    // Before PORTS: its initialiser calls free().
    private static final Random RANDOM = new Random();
    private static final Set<Integer> handedOut = new HashSet<>();
    public static final Map<String, Integer> PORTS = new LinkedHashMap<>();

    static {
        for (String name : new String[] {"tcp", "udp", "relay", "syslogng-in", "syslogng-front", "py", "fc", "fc-sink", "drop", "drop-sink"}) {
            PORTS.put(name, free());
        }
    }

    private TestPorts() {}

    public static int port(String name) { return PORTS.get(name); }

    /**
     * A loopback port free for TCP and UDP, below the kernel's ephemeral range (32768 and up): a port
     * chosen now is bound minutes later, and one from the ephemeral range can meanwhile be taken by
     * an outgoing connection of the tests (seen: "Address already in use"). Never the same twice.
     */
    public static synchronized int free() {
        for (int attempt = 0; attempt < 1000; attempt++) {
            int port = 20_000 + RANDOM.nextInt(12_000);
            if (handedOut.contains(port)) continue;
            try (ServerSocket tcp = new ServerSocket(port, 1, InetAddress.getLoopbackAddress());
                 DatagramSocket udp = new DatagramSocket(port, InetAddress.getLoopbackAddress())) {
                handedOut.add(port);
                return port;
            } catch (IOException taken) {
                // try another
            }
        }
        throw new IllegalStateException("no free loopback port between 20000 and 32000");
    }
}
