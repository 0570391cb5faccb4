package dev.sluice.parity;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import dev.sluice.it.SyslogNg;

import org.awaitility.core.ConditionTimeoutException;

import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static dev.sluice.parity.ParityConfig.fetcher;
import static dev.sluice.parity.ParityConfig.file;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The three ack trackers (API reference §6) on a flow-controlled path, in both. Each tracker runs in
 * a syslog-ng of its own, one after the other (Sluice runs all three at once): beside other Python
 * drivers, 3.38's trackers stalled every Python driver of the process now and then (measured: the
 * GIL was never released again).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AckTrackerParityTest {
    private Peers peers;

    private static ParityConfig.Driver tracked(String kind) {
        return fetcher("parity.Tracked", "tracker", kind, "limit", "5").with("fetch-no-data-delay(1)", "fetch-no-data-delay: 1s");
    }

    @BeforeAll
    void runBoth() throws Exception {
        Map<String, String> markers = Map.of("a-instant", "ack 5", "a-consecutive", "ack 5", "a-batched", "5");
        ParityConfig all = new ParityConfig();
        for (String row : markers.keySet()) all.row(row, tracked(row.substring(2)), List.of(), file("$MSG\\n"), true);
        peers = Peers.startSluiceOnly("acks", all);
        for (var row : markers.entrySet()) referenceRun(row.getKey(), row.getValue());
        Peers.awaitMarkers(peers.sluiceDir, markers.entrySet().stream()
                .collect(java.util.stream.Collectors.toMap(e -> e.getKey() + ".log", Map.Entry::getValue)), Duration.ofSeconds(120));
        peers.stop();
    }

    /**
     * One tracker in a syslog-ng of its own. 3.38 sometimes stalls its fetcher for good (seen in CI:
     * four of five messages, then nothing for a minute), a fault of the reference, not of what is
     * compared: such a run is discarded and the tracker run again from a clean state, at most three times.
     */
    private void referenceRun(String row, String marker) throws Exception {
        ParityConfig one = new ParityConfig().row(row, tracked(row.substring(2)), List.of(), file("$MSG\\n"), true);
        for (int attempt = 1; ; attempt++) {
            for (String f : List.of(row + ".log", row + ".out")) Files.deleteIfExists(peers.sngDir.resolve(f));
            Peers.clean(peers.sngDir.resolve(row));
            try (SyslogNg sng = SyslogNg.start(peers.sngDir.resolve(row), one.syslogNg(peers.sngDir), Peers.PYTHON.toString())) {
                try {
                    Peers.awaitMarkers(peers.sngDir, Map.of(row + ".log", marker), Duration.ofSeconds(30));
                    sng.terminate();
                    return;
                } catch (ConditionTimeoutException stalled) {
                    if (attempt == 3) throw stalled;
                }
            }
        }
    }

    @AfterAll
    void close() throws Exception {
        if (peers != null) peers.close();
    }

    private void same(String file) {
        assertThat(Peers.lines(peers.sngDir, file)).isNotEmpty();
        assertThat(Peers.lines(peers.sluiceDir, file)).isEqualTo(Peers.lines(peers.sngDir, file));
    }

    @Test void instant_acks_each_bookmark_in_order() { same("a-instant.log"); same("a-instant.out"); }

    @Test void consecutive_acks_each_contiguous_range() { same("a-consecutive.log"); }

    @Test
    void batched_acks_by_size_and_timeout_and_once_more_at_teardown() {
        // reverse ack order within a batch, as 3.38; at teardown 3.38 calls back twice with [], Sluice once
        List<String> sng = Peers.lines(peers.sngDir, "a-batched.log");
        assertThat(sng).endsWith("acks []", "acks []");
        assertThat(Peers.lines(peers.sluiceDir, "a-batched.log")).isEqualTo(sng.subList(0, sng.size() - 1));
    }
}
