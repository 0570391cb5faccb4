package dev.sluice.parity;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static dev.sluice.parity.ParityConfig.destination;
import static dev.sluice.parity.ParityConfig.fetcher;
import static dev.sluice.parity.ParityConfig.parser;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code sluice.python.interpreter: shared} against real syslog-ng 3.38: a parser counts messages
 * in a module global and the destination reads it, so the destination sees the parser's count only
 * where both run in one interpreter, as in syslog-ng. (With the default, an interpreter per
 * driver, the destination's copy of the global stays 0: PythonInterpretersTest.)
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InterpreterParityTest {
    private Peers peers;

    @BeforeAll
    void runBoth() throws Exception {
        ParityConfig config = new ParityConfig().interpreter("shared").row("shared-globals",
                fetcher("parity.Numbered", "limit", "5").with("fetch-no-data-delay(1)", "fetch-no-data-delay: 1s"),
                List.of(parser("parity.SharedCounter")), destination("parity.SharedReader"), true);
        peers = Peers.start("interpreter", config);
        peers.awaitMarkers(Map.of("shared-globals.log", "seq 5 "), Duration.ofSeconds(90));
        peers.stop();
    }

    @AfterAll
    void close() throws Exception {
        if (peers != null) peers.close();
    }

    @Test
    void drivers_share_module_globals_in_one_interpreter_as_in_syslog_ng() {
        List<String> sng = Peers.lines(peers.sngDir, "shared-globals.log");
        assertThat(sng).contains("seq 1 counted-by-parser True", "seq 5 counted-by-parser True");
        assertThat(Peers.lines(peers.sluiceDir, "shared-globals.log")).isEqualTo(sng);
    }
}
