package dev.sluice.cluster;

import dev.sluice.config.ConfigNode;
import dev.sluice.driver.DriverSpec;
import dev.sluice.template.LocalHost;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * A source's {@code leader-election: {lease: NAME, namespace, identity, lease-duration (15s),
 * renew-deadline (10s), retry-period (2s)}}: only the holder of the Kubernetes Lease {@code NAME}
 * runs the source. The namespace defaults to the pod's ({@code POD_NAMESPACE}, else the service
 * account's), the identity to the pod name ({@code HOSTNAME}).
 */
public record LeaseSettings(String lease, String namespace, String identity, Duration leaseDuration, Duration renewDeadline,
                            Duration retryPeriod) {
    private static final Path SERVICE_ACCOUNT_NAMESPACE = Path.of("/var/run/secrets/kubernetes.io/serviceaccount/namespace");

    /** The settings under {@code leader-election}, or null when the source has none (errors recorded on the spec). */
    public static LeaseSettings read(DriverSpec spec) {
        ConfigNode node = spec.node("leader-election");
        if (node == null) return null;
        Map<String, ConfigNode> m = node.asMap();
        if (m == null) {
            spec.error("leader-election", "expected {lease: NAME} (and optionally namespace, identity, lease-duration, renew-deadline, retry-period)");
            return null;
        }
        DriverSpec sub = new DriverSpec(spec.pipeline(), spec.name(), spec.role(), spec.type(), m, node.origin());
        String lease = sub.requiredString("lease");
        Duration duration = sub.duration("lease-duration", Duration.ofSeconds(15));
        Duration renew = sub.duration("renew-deadline", Duration.ofSeconds(10));
        Duration retry = sub.duration("retry-period", Duration.ofSeconds(2));
        String namespace = sub.string("namespace", defaultNamespace());
        String identity = sub.string("identity", defaultIdentity());
        // a holder must give up (renew deadline) before another may take the lease (its duration): never two at once
        if (renew.compareTo(duration) >= 0) sub.error("renew-deadline", "must be shorter than lease-duration (" + duration + ")");
        if (retry.compareTo(renew) >= 0) sub.error("retry-period", "must be shorter than renew-deadline (" + renew + ")");
        sub.errors().forEach(e -> spec.error("leader-election", e.key() + ": " + e.message()));
        return lease == null ? null : new LeaseSettings(lease, namespace, identity, duration, renew, retry);
    }

    private static String defaultNamespace() {
        String env = System.getenv("POD_NAMESPACE");
        if (env != null && !env.isBlank()) return env;
        try {
            if (Files.isReadable(SERVICE_ACCOUNT_NAMESPACE)) return Files.readString(SERVICE_ACCOUNT_NAMESPACE).trim();
        } catch (java.io.IOException e) {
            // not in a pod
        }
        return "default";
    }

    private static String defaultIdentity() {
        String env = System.getenv("HOSTNAME");
        return env != null && !env.isBlank() ? env : LocalHost.NAME;
    }
}
