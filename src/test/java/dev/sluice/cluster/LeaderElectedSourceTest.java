package dev.sluice.cluster;

import dev.sluice.driver.DriverRole;
import dev.sluice.driver.DriverSpec;
import dev.sluice.driver.Source;
import dev.sluice.driver.SourceContext;
import dev.sluice.driver.TestSpecs;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two instances of a source under one Lease, against fabric8's Kubernetes mock API server in CRUD
 * mode: one runs, the other waits ready; when the holder stops renewing (its API connection gone)
 * or stops, the other takes over, and the two never run at once.
 */
@EnableKubernetesMockClient(crud = true)
class LeaderElectedSourceTest {
    static KubernetesMockServer server;
    static KubernetesClient client;

    private static final LeaseSettings FAST = new LeaseSettings("fetcher", "sluice", null, Duration.ofSeconds(3), Duration.ofSeconds(2),
            Duration.ofMillis(300));

    /** A source that counts how many of its kind run at once, and the most there ever were. */
    private static final class Running implements Source {
        static final AtomicInteger now = new AtomicInteger();
        static final AtomicInteger most = new AtomicInteger();
        volatile boolean on;
        final AtomicInteger inits = new AtomicInteger();

        @Override
        public void init() { inits.incrementAndGet(); }

        @Override
        public synchronized void start(SourceContext context) {
            on = true;
            most.accumulateAndGet(now.incrementAndGet(), Math::max);
        }

        @Override
        public synchronized void stop() {
            if (on) now.decrementAndGet();
            on = false;
        }
    }

    private static LeaderElectedSource elected(String identity, Running inner, KubernetesClient api, String lease) {
        return elected(identity, inner, () -> api, lease);
    }

    private static LeaderElectedSource elected(String identity, Running inner, Supplier<KubernetesClient> api, String lease) {
        LeaseSettings s = new LeaseSettings(lease, FAST.namespace(), identity, FAST.leaseDuration(), FAST.renewDeadline(), FAST.retryPeriod());
        return new LeaderElectedSource("p.fetch", inner, s, api);
    }

    @Test
    void the_other_instance_takes_over_when_the_holder_stops_renewing_and_never_both_run() throws Exception {
        Running.now.set(0);
        Running.most.set(0);
        KubernetesClient apiA = server.createClient(), apiB = server.createClient();
        Running a = new Running(), b = new Running();
        LeaderElectedSource ea = elected("pod-a", a, apiA, "fetcher"), eb = elected("pod-b", b, apiB, "fetcher");
        try {
            ea.start(null);
            await().atMost(Duration.ofSeconds(10)).until(() -> a.on);
            eb.start(null);
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4)).until(() -> !b.on && a.on);
            assertThat(eb.ready()).as("the instance that waits is ready").isTrue();
            Lease lease = client.leases().inNamespace("sluice").withName("fetcher").get();
            assertThat(lease.getSpec().getHolderIdentity()).isEqualTo("pod-a");

            apiA.close(); // pod-a can no longer renew: it stops its source within the renew deadline, pod-b takes the lease after it expires
            await().atMost(Duration.ofSeconds(15)).until(() -> b.on);
            assertThat(a.on).isFalse();
            assertThat(client.leases().inNamespace("sluice").withName("fetcher").get().getSpec().getHolderIdentity()).isEqualTo("pod-b");
            assertThat(Running.most.get()).as("instances running at once, at most").isEqualTo(1);
        } finally {
            ea.stop();
            eb.stop();
            apiB.close();
        }
    }

    @Test
    void a_stopped_holder_releases_the_lease_and_the_other_takes_over_at_once() throws Exception {
        KubernetesClient apiA = server.createClient(), apiB = server.createClient();
        Running a = new Running(), b = new Running();
        LeaderElectedSource ea = elected("pod-a", a, apiA, "released"), eb = elected("pod-b", b, apiB, "released");
        try {
            ea.start(null);
            await().atMost(Duration.ofSeconds(10)).until(() -> a.on);
            eb.start(null);
            long stopped = System.nanoTime();
            ea.stop();
            assertThat(a.on).isFalse();
            await().atMost(Duration.ofSeconds(10)).until(() -> b.on);
            assertThat(Duration.ofNanos(System.nanoTime() - stopped)).as("taken over before the lease would have expired")
                    .isLessThan(FAST.leaseDuration().plusSeconds(1));
        } finally {
            ea.stop();
            eb.stop();
            apiA.close();
            apiB.close();
        }
    }

    @Test
    void leader_election_options_are_checked_with_their_location() {
        DriverSpec spec = TestSpecs.spec(DriverRole.SOURCE, "python-fetcher", Map.of("leader-election",
                Map.of("lease", "x", "lease-duration", "5s", "renew-deadline", "10s", "colour", "blue")));
        LeaseSettings.read(spec);
        assertThat(spec.errors()).extracting(e -> e.message())
                .anyMatch(m -> m.contains("renew-deadline") && m.contains("shorter than lease-duration"))
                .anyMatch(m -> m.contains("colour"));
        DriverSpec missing = TestSpecs.spec(DriverRole.SOURCE, "python-fetcher", Map.of("leader-election", Map.of("namespace", "n")));
        assertThat(LeaseSettings.read(missing)).isNull();
        assertThat(missing.errors()).extracting(e -> e.message()).anyMatch(m -> m.contains("lease"));
    }

    @Test
    void a_holder_that_lost_the_lease_joins_again_and_leads_again_with_a_new_init() throws Exception {
        AtomicReference<KubernetesClient> apiA = new AtomicReference<>(server.createClient());
        KubernetesClient apiB = server.createClient();
        Running a = new Running(), b = new Running();
        LeaderElectedSource ea = elected("pod-a", a, apiA::get, "rejoined"), eb = elected("pod-b", b, apiB, "rejoined");
        try {
            ea.init();
            ea.start(null);
            await().atMost(Duration.ofSeconds(10)).until(() -> a.on);
            eb.init();
            eb.start(null);
            apiA.get().close(); // pod-a loses its API for longer than the lease: pod-b takes over
            await().atMost(Duration.ofSeconds(15)).until(() -> b.on && !a.on);
            apiA.set(server.createClient()); // pod-a's next election gets a working client
            eb.stop(); // releases: pod-a, in the election again, leads again
            await().atMost(Duration.ofSeconds(15)).until(() -> a.on);
            assertThat(a.inits).as("init() before each run after a stop, as after a reload").hasValue(2);
        } finally {
            ea.stop();
            eb.stop();
            apiA.get().close();
            apiB.close();
        }
    }
}
