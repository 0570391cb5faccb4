package dev.sluice.it;

import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.UUID;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A real syslog-ng forwards octet-counted RFC5424 to Sluice (pipeline "relay"), and Sluice forwards
 * it back to syslog-ng, which writes what it received: both hops keep every field intact.
 */
class SyslogNgInteropTest extends SluiceIntegrationTest {
    private static final Path DIR = Path.of("target/it/syslog-ng").toAbsolutePath();
    private static SyslogNg syslogNg;

    /**
     * Started once, after the Spring context (not in @BeforeAll, which runs before it when this is the
     * first class), so syslog-ng's forwarding connection finds Sluice listening instead of retrying.
     */
    @BeforeEach
    void startSyslogNg() throws Exception {
        assumeTrue(SyslogNg.installed(), "syslog-ng is not installed (.ci/run installs Debian's syslog-ng-core)");
        assumeTrue(onPath("logger"), "util-linux 'logger' is not installed");
        if (syslogNg != null) return;
        syslogNg = SyslogNg.start(DIR, """
                @version: 3.38
                options { keep-hostname(yes); stats-freq(0); time-reopen(1); };
                source s_front { network(ip("127.0.0.1") port(%d) transport("tcp")); };
                destination d_sluice { syslog("127.0.0.1" port(%d) transport("tcp")); };
                log { source(s_front); destination(d_sluice); };

                source s_back { syslog(ip("127.0.0.1") port(%d) transport("tcp")); };
                destination d_back { file("%s/back.log" template("$PROGRAM|$HOST|$PID|$MSGID|$SDATA|$MSG\\n")); };
                log { source(s_back); destination(d_back); };
                """.formatted(port("syslogng-front"), port("relay"), port("syslogng-in"), DIR),
                port("syslogng-front"), port("syslogng-in"));
    }

    @AfterAll
    static void stopSyslogNg() throws Exception {
        if (syslogNg != null) syslogNg.close();
    }

    @Test
    void syslog_ng_forwards_to_sluice_and_sluice_forwards_back_intact() throws Exception {
        String id = UUID.randomUUID().toString().substring(0, 8);
        run("logger", "-n", "127.0.0.1", "-P", String.valueOf(port("syslogng-front")), "-T", "--rfc3164",
                "-t", "interop", "-i", "hello from syslog-ng " + id + " with ünïcödé");

        String relayed = awaitLineOrExplain(Path.of("target/it/relay.log"), l -> l.contains(id));
        String[] f = relayed.split("\\|", -1);
        assertThat(f[0]).isEqualTo("interop");
        assertThat(f[2]).matches("\\d+");
        assertThat(f[5]).isEqualTo("hello from syslog-ng " + id + " with ünïcödé");

        String back = awaitLineOrExplain(DIR.resolve("back.log"), l -> l.contains(id));
        assertThat(back).isEqualTo(relayed);
    }

    @Test
    void structured_data_survives_both_hops() throws Exception {
        String id = UUID.randomUUID().toString().substring(0, 8);
        run("logger", "-n", "127.0.0.1", "-P", String.valueOf(port("relay")), "-T", "--octet-count", "--rfc5424",
                "-t", "sdapp", "--msgid", "ID7", "--sd-id", "zoo@123", "--sd-param", "tiger=\"a \\\"quoted\\\" \\] value\"", "sd " + id);
        String relayed = awaitLineOrExplain(Path.of("target/it/relay.log"), l -> l.endsWith("sd " + id));
        assertThat(relayed).contains("|ID7|").contains("[zoo@123 tiger=\"a \\\"quoted\\\" \\] value\"]");
        String back = awaitLineOrExplain(DIR.resolve("back.log"), l -> l.endsWith("sd " + id));
        assertThat(back).startsWith("sdapp|").contains("|ID7|").contains("tiger=\"a \\\"quoted\\\" \\] value\"");
    }

    /** On a timeout, says what syslog-ng logged and what Sluice's relay counted. */
    private String awaitLineOrExplain(Path file, Predicate<String> match) {
        try {
            return awaitLine(file, match);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(e.getMessage() + "\nrelay source: " + source("relay", "from-syslog-ng").counters()
                    + "\nrelay.back: " + destination("relay", "back").health().status() + " " + destination("relay", "back").health().lastError() + "\nsyslog-ng log:\n" + syslogNg.log(), e);
        }
    }
}
