package dev.sluice.template;

import java.net.InetAddress;

/** The name of the machine Sluice runs on, for $LOGHOST and for messages Sluice makes itself. */
public final class LocalHost {
    public static final String NAME = resolve();

    private LocalHost() {}

    private static String resolve() {
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) return env;
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "localhost";
        }
    }
}
