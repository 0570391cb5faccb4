package dev.sluice.cluster;

import dev.sluice.driver.Source;
import dev.sluice.driver.SourceContext;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfig;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A source that runs only while this instance holds a Kubernetes Lease (fabric8's
 * {@link LeaderElector}): a pull source (a fetcher) runs once per cluster, and another replica takes
 * over within the lease duration when the holder dies. A holder that cannot renew within the renew
 * deadline stops its source before the lease can expire for the others, so two never run at once.
 * The holder also fences itself on its own clock ({@link RenewalTrackingLock}), in case the
 * elector's loop stalls without telling. The instances that wait stay ready. A stop releases the
 * lease, so that another takes over at once.
 */
public final class LeaderElectedSource implements Source {
    private static final Logger log = LoggerFactory.getLogger(LeaderElectedSource.class);

    private final String id;
    private final Source inner;
    private final LeaseSettings settings;
    private final Supplier<KubernetesClient> client;
    private ExecutorService executor;
    private ScheduledExecutorService watchdog;
    private RenewalTrackingLock lock;
    private boolean stopped;
    /** Whether the source has run and been stopped since its init(). */
    private boolean stoppedOnce;
    /** Whether the API has not answered the waiting instance's elector for longer than a lease (health says so). */
    private volatile boolean unanswered;
    private CompletableFuture<?> election;
    private boolean running;
    private volatile String leader = "";

    public LeaderElectedSource(String id, Source inner, LeaseSettings settings, Supplier<KubernetesClient> client) {
        this.id = id;
        this.inner = inner;
        this.settings = settings;
        this.client = client;
    }

    @Override public synchronized void init() throws Exception {
        stoppedOnce = false;
        inner.init();
    }

    @Override
    public synchronized void start(SourceContext context) {
        stopped = false;
        watchdog = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().name("lease-watch-" + id).daemon(true).unstarted(r));
        elect(context);
        long every = Math.max(50, settings.retryPeriod().toMillis() / 3);
        watchdog.scheduleWithFixedDelay(() -> fence(context), every, every, TimeUnit.MILLISECONDS);
    }

    /**
     * Stops the source when its last renewal is older than the renew deadline, whatever the
     * elector's loop does: the others may take the lease once its duration has passed, and by then
     * this one has stopped. The election is then joined again.
     */
    private void fence(SourceContext context) {
        RenewalTrackingLock l;
        CompletableFuture<?> e;
        boolean leading;
        synchronized (this) {
            if (stopped) return;
            l = lock;
            e = election;
            leading = running;
        }
        if (l == null) return;
        if (!leading) {
            rejoinIfUnanswered(context, l, e);
            return;
        }
        if (l.sinceRenewal() <= settings.renewDeadline().toNanos()) return;
        log.warn("Source {}: lease {} not renewed for {} ms; stopping the source", id, settings.lease(), l.sinceRenewal() / 1_000_000);
        if (context != null) context.error("lease " + settings.lease() + " could not be renewed; the source stopped until it is held again", null);
        follow();
        if (e != null) e.cancel(true); // its completion joins the election again
    }

    /**
     * A waiting instance whose elector has had no answer from the API for longer than a lease
     * (a closed or hung client: fabric8's loop then stalls without telling) joins the election
     * again with a client asked for anew, and says so in its health until the API answers.
     */
    private void rejoinIfUnanswered(SourceContext context, RenewalTrackingLock l, CompletableFuture<?> e) {
        long quiet = l.sinceAnswer();
        if (quiet <= settings.leaseDuration().plus(settings.retryPeriod()).toNanos()) {
            if (unanswered && context != null) context.recovered();
            unanswered = false;
            return;
        }
        unanswered = true;
        log.warn("Source {}: no answer from the Kubernetes API about lease {} for {} ms; joining the election again", id, settings.lease(),
                quiet / 1_000_000);
        if (context != null) context.error("leader election for lease " + settings.lease() + ": no answer from the Kubernetes API for "
                + quiet / 1_000_000 + " ms", null);
        if (e != null) e.cancel(true); // its completion joins the election again, with a new lock
    }

    /**
     * Joins the election. fabric8's elector ends (its future completes) when the API fails in a way
     * it does not retry, without saying it stopped leading: the source is stopped then, and the
     * election joined again after the retry period.
     */
    private synchronized void elect(SourceContext context) {
        if (stopped) return;
        LeaderCallbacks callbacks = new LeaderCallbacks(() -> lead(context), this::follow, l -> {
            leader = l;
            log.info("Source {}: lease {} is held by {}", id, settings.lease(), l);
        });
        lock = new RenewalTrackingLock(settings.namespace(), settings.lease(), settings.identity());
        LeaderElectionConfig config = new LeaderElectionConfig(lock, settings.leaseDuration(), settings.renewDeadline(),
                settings.retryPeriod(), callbacks, true, "sluice-" + id);
        if (executor != null) executor.shutdownNow(); // a stalled elector's thread is left behind
        executor = Executors.newSingleThreadExecutor(r -> Thread.ofPlatform().name("lease-" + id).daemon(true).unstarted(r));
        CompletableFuture<?> e = new LeaderElector(client.get(), config, executor).start();
        election = e;
        e.whenComplete((ok, failure) -> {
            follow();
            synchronized (this) {
                if (stopped) return;
                if (failure != null && !(failure instanceof CancellationException)) { // a cancel here is ours, already said
                    log.warn("Source {}: the election for lease {} failed ({}); joining it again", id, settings.lease(), failure.toString());
                    if (context != null) context.error("leader election for lease " + settings.lease() + " failed: " + failure.getMessage(), failure);
                }
                watchdog.schedule(() -> elect(context), settings.retryPeriod().toMillis(), TimeUnit.MILLISECONDS);
            }
        });
    }

    private synchronized void lead(SourceContext context) {
        if (running) return;
        log.info("Source {}: {} holds lease {}; starting the source", id, settings.identity(), settings.lease());
        try {
            // stop() ended the source (a Python one with deinit()): leading again is a new init() and start()
            if (stoppedOnce) inner.init();
            inner.start(context);
            running = true;
        } catch (Exception e) {
            context.error("source " + id + " failed to start as the lease holder: " + e.getMessage(), e);
        }
    }

    private synchronized void follow() {
        if (!running) return;
        log.info("Source {}: {} no longer holds lease {}; stopping the source", id, settings.identity(), settings.lease());
        running = false;
        stoppedOnce = true;
        inner.stop();
    }

    /** Whether this instance holds the lease and runs the source. */
    public synchronized boolean leading() { return running; }

    /** The identity that holds the lease, as last seen. */
    public String leader() { return leader; }

    @Override
    public void stop() {
        CompletableFuture<?> e;
        synchronized (this) {
            stopped = true;
            e = election;
            election = null;
        }
        if (e != null) e.cancel(true); // releases the lease (release-on-cancel) and calls follow()
        follow();
        if (executor != null) executor.shutdownNow();
        if (watchdog != null) watchdog.shutdownNow();
    }

    @Override public boolean ready() { return !running || inner.ready(); }
}
