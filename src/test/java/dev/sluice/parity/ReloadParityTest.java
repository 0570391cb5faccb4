package dev.sluice.parity;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static dev.sluice.parity.ParityConfig.fetcher;
import static dev.sluice.parity.ParityConfig.file;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A reload that changes nothing (syslog-ng-ctl reload; POST /actuator/reload), in both: the inline
 * code runs again with fresh globals and its classes are instantiated anew; modules keep their
 * globals (seed: "any global variables will be reset", API reference §1.2).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReloadParityTest {
    private static final String INLINE = """
            import parity, parity_reload
            from syslogng import LogFetcher
            parity_reload.inline_runs += 1
            RUN = parity_reload.inline_runs
            COUNTER = 0

            class InlineFetcher(LogFetcher):
                def init(self, options):
                    global COUNTER
                    COUNTER += 1
                    self.journal = parity.Journal(options)
                    self.journal.write("init inline run=%d counter=%d" % (RUN, COUNTER))
                    return True

                def fetch(self):
                    return self.FETCH_NO_DATA, None

                def deinit(self):
                    self.journal.write("deinit")
            """;

    private Peers peers;

    @BeforeAll
    void startReloadAndStop() throws Exception {
        ParityConfig config = new ParityConfig().inlinePython(INLINE)
                .row("inline", fetcher("InlineFetcher"), file("$MSG\\n"))
                .row("module", fetcher("parity_reload.ModuleFetcher"), file("$MSG\\n"));
        peers = Peers.startReloadable("reload", config);
        peers.awaitMarkers(Map.of("inline.log", "init", "module.log", "init"), Duration.ofSeconds(120));
        peers.reloadSyslogNg();
        peers.reloadSluice();
        peers.awaitMarkers(Map.of("inline.log", "run=2"), Duration.ofSeconds(60));
        peers.awaitMarkers(Map.of("module.log", "init"), Duration.ofSeconds(5));
        peers.stop();
    }

    @AfterAll
    void close() throws Exception {
        if (peers != null) peers.close();
    }

    @Test
    void inline_code_runs_again_with_fresh_globals_and_new_instances() {
        List<String> expected = List.of("init inline run=1 counter=1", "deinit", "init inline run=2 counter=1", "deinit");
        assertThat(Peers.lines(peers.sngDir, "inline.log")).isEqualTo(expected);
        assertThat(Peers.lines(peers.sluiceDir, "inline.log")).isEqualTo(expected);
    }

    @Test
    void a_module_keeps_its_globals_and_an_unchanged_module_driver_keeps_running_in_sluice() {
        // syslog-ng re-creates every driver at a reload; Sluice keeps a driver whose configuration
        // and code did not change (no gap in what it delivers), so its init() runs once.
        assertThat(Peers.lines(peers.sngDir, "module.log")).isEqualTo(
                List.of("init module inits=1", "deinit", "init module inits=2", "deinit"));
        assertThat(Peers.lines(peers.sluiceDir, "module.log")).isEqualTo(List.of("init module inits=1", "deinit"));
    }
}
