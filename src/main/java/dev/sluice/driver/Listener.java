package dev.sluice.driver;

import java.util.List;

/** A source that binds ports; lets validation find two sources on one port before anything binds. */
public interface Listener {
    /** e.g. {@code tcp 0.0.0.0:5514} — protocol, address and port. */
    record Endpoint(String protocol, String address, int port, String key) {
        public boolean clashesWith(Endpoint o) {
            if (!protocol.equals(o.protocol) || port != o.port || port == 0) return false;
            return address.equals(o.address) || isWildcard(address) || isWildcard(o.address);
        }

        private static boolean isWildcard(String a) { return a.equals("0.0.0.0") || a.equals("::") || a.equals("*"); }
    }

    List<Endpoint> endpoints();
}
