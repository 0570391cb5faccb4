package dev.sluice.cluster;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaderElectionRecord;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;

/**
 * A Lease lock that notes when this instance last wrote the lease as its holder, and when the API
 * last answered at all: the elector's own loop may stall (an API client that hangs or was closed),
 * and the source must then stop on its own clock, and the election be joined again.
 */
final class RenewalTrackingLock extends LeaseLock {
    private volatile long renewedAt = System.nanoTime();
    private volatile long answeredAt = System.nanoTime();

    RenewalTrackingLock(String namespace, String name, String identity) { super(namespace, name, identity); }

    @Override
    public LeaderElectionRecord get(KubernetesClient client) {
        LeaderElectionRecord r = super.get(client);
        answeredAt = System.nanoTime();
        return r;
    }

    @Override
    public synchronized void create(KubernetesClient client, LeaderElectionRecord record) {
        super.create(client, record);
        noteIfOurs(record);
    }

    @Override
    public synchronized void update(KubernetesClient client, LeaderElectionRecord record) {
        super.update(client, record);
        noteIfOurs(record);
    }

    private void noteIfOurs(LeaderElectionRecord record) {
        answeredAt = System.nanoTime();
        if (identity().equals(record.getHolderIdentity())) renewedAt = System.nanoTime();
    }

    /** Nanoseconds since this instance last acquired or renewed the lease. */
    long sinceRenewal() { return System.nanoTime() - renewedAt; }

    /** Nanoseconds since the API last answered this lock (a read or a write of the lease). */
    long sinceAnswer() { return System.nanoTime() - answeredAt; }
}
