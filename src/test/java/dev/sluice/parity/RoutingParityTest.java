package dev.sluice.parity;

import dev.sluice.it.ServiceProcess;
import dev.sluice.it.SyslogNg;
import dev.sluice.it.TestPorts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.awaitility.Awaitility.await;

/**
 * Log paths in real syslog-ng 3.38 and in Sluice side by side: one shared TCP source, the same
 * filter expressions on thirteen paths (final and fallback among them) and on destinations,
 * and the same 2400 generated messages; every path's file must hold the same lines in both.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RoutingParityTest {
    private static final int MESSAGES = 2400;
    private static final String TEMPLATE = "$FACILITY.$LEVEL $HOST $PROGRAM $MSG\\n";

    /** A log path: its filter (null: none) and flags; the expression is written the same way in both. */
    record LogPath(String name, String filter, String flag) {
        @Override
        public String toString() { return name; }
    }

    static List<LogPath> paths() {
        return List.of(
                new LogPath("sentinel", "message(\"^END$\")", "final"),
                new LogPath("errors", "level(err..emerg)", null),
                new LogPath("web", "host(\"web-*\" type(glob) flags(ignore-case))", "final"),
                new LogPath("cron", "program(\"cron\" flags(ignore-case)) and not facility(kern)", null),
                new LogPath("auth", "filter(f_auth)", null),
                new LogPath("numeric", "\"${LEVEL_NUM}\" <= \"1\" or \"${PID}\" > \"9000\"", null),
                new LogPath("http5xx", "netmask(127.0.0.1/32) and message(\"status=5[0-9][0-9]\")", null),
                new LogPath("get", "match(\"^GET \" value(\"MESSAGE\"))", "final"),
                new LogPath("db", "\"${HOST}\" eq \"db-1\" or \"${HOST}\" eq \"db-2\" and level(warning)", null),
                new LogPath("local", "facility(local0, local1) and level(info, notice, debug)", null),
                new LogPath("strings", "program(\"ssh\" type(string) flags(prefix)) or host(\"cache\" type(string) flags(substring))", null),
                new LogPath("rest", null, "fallback"),
                new LogPath("rest-warn", "level(warning)", "fallback"));
    }

    private static final String NAMED = "facility(auth, authpriv) or message(\"password\")";

    private final Path base = Path.of("target/parity/routing").toAbsolutePath();
    private SyslogNg sng;
    private ServiceProcess sluice;

    @BeforeAll
    void routeTheSameMessagesInBoth() throws Exception {
        assumeTrue(SyslogNg.installed(), "syslog-ng is not installed (.ci/run installs syslog-ng-core)");
        Peers.clean(base);
        Path sngDir = Files.createDirectories(base.resolve("syslog-ng")), sluiceDir = Files.createDirectories(base.resolve("sluice"));
        int sngPort = TestPorts.free(), sluicePort = TestPorts.free();
        sng = SyslogNg.start(sngDir, syslogNgConfig(sngDir, sngPort), sngPort);
        sluice = ServiceProcess.start(sluiceConfig(sluiceDir, sluicePort));
        byte[] corpus = corpus();
        Peers.send(sngPort, corpus);
        Peers.send(sluicePort, corpus);
        await().atMost(Duration.ofSeconds(120)).until(() -> Peers.lines(sngDir, "sentinel.log").size() == 1
                && Peers.lines(sluiceDir, "sentinel.log").size() == 1);
        // Both drain what they hold on SIGTERM, so every file is complete after this.
        sng.terminate();
        sluice.terminate();
    }

    @AfterAll
    void close() throws Exception {
        if (sluice != null) sluice.close();
        if (sng != null) sng.close();
    }

    static List<String> files() {
        List<String> files = new ArrayList<>();
        for (LogPath p : paths()) files.add(p.name + ".log");
        files.add("split-info.log");
        files.add("split-other.log");
        return files;
    }

    @ParameterizedTest
    @MethodSource("files")
    void each_path_gets_the_same_messages(String file) {
        List<String> expected = Peers.lines(base.resolve("syslog-ng"), file);
        assertThat(expected).as("syslog-ng's %s", file).isNotEmpty();
        assertThat(Peers.lines(base.resolve("sluice"), file)).as("Sluice's %s", file).isEqualTo(expected);
    }

    /** Varied facilities, levels, hosts, programs, pids and texts; each line numbered (n=…). */
    private static byte[] corpus() {
        Random r = new Random(20261201);
        String[] hosts = {"web-01", "WEB-02", "db-1", "db-2", "cache-eu", "mail", "edge.cache.local"};
        String[] programs = {"nginx", "sshd", "sshd-session", "cron", "CRON", "app", "kernel", "postfix"};
        StringBuilder b = new StringBuilder();
        for (int n = 1; n <= MESSAGES; n++) {
            int facility = r.nextInt(24), severity = r.nextInt(8);
            String text = switch (r.nextInt(5)) {
                case 0 -> "GET /p" + r.nextInt(100) + " status=" + (200 + r.nextInt(4) * 100 + r.nextInt(4));
                case 1 -> "POST /api status=" + (500 + r.nextInt(4));
                case 2 -> "user login password=" + r.nextInt(1000);
                case 3 -> "job " + r.nextInt(50) + " done";
                default -> "event";
            };
            String pid = r.nextInt(4) == 0 ? "" : "[" + (1 + r.nextInt(9999)) + "]";
            b.append('<').append(facility * 8 + severity).append(">Oct 11 22:14:15 ").append(hosts[r.nextInt(hosts.length)]).append(' ')
                    .append(programs[r.nextInt(programs.length)]).append(pid).append(": ").append(text).append(" n=").append(n).append('\n');
        }
        b.append("<13>Oct 11 22:14:16 host app: END\n");
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String syslogNgConfig(Path dir, int port) {
        StringBuilder c = new StringBuilder("@version: 3.38\noptions { keep-hostname(yes); stats-freq(0); };\n")
                .append("source net { network(ip(127.0.0.1) port(").append(port).append(") transport(tcp)); };\n")
                .append("filter f_auth { ").append(NAMED).append("; };\n");
        for (LogPath p : paths()) {
            c.append("log { source(net); ");
            if (p.filter != null) c.append("filter { ").append(p.filter).append("; }; ");
            c.append("destination { file(\"").append(dir).append('/').append(p.name).append(".log\" template(\"").append(TEMPLATE).append("\")); }; ");
            if (p.flag != null) c.append("flags(").append(p.flag).append("); ");
            c.append("};\n");
        }
        // destination filters: an embedded log path per destination
        c.append("log { source(net); filter { program(\"nginx\"); };\n")
                .append("  log { filter { level(info); }; destination { file(\"").append(dir).append("/split-info.log\" template(\"").append(TEMPLATE).append("\")); }; };\n")
                .append("  log { filter { not level(info); }; destination { file(\"").append(dir).append("/split-other.log\" template(\"").append(TEMPLATE).append("\")); }; };\n")
                .append("};\n");
        return c.toString();
    }

    private static String sluiceConfig(Path dir, int port) {
        StringBuilder c = new StringBuilder("sluice:\n  sources:\n    net: {type: tcp, ip: 127.0.0.1, port: ").append(port).append("}\n")
                .append("  filters:\n    f_auth: '").append(NAMED).append("'\n  pipelines:\n");
        for (LogPath p : paths()) {
            c.append("    ").append(p.name).append(":\n      sources: [net]\n");
            if (p.filter != null) c.append("      filter: '").append(p.filter).append("'\n");
            if (p.flag != null) c.append("      flags: [").append(p.flag).append("]\n");
            c.append("      destinations: {out: {type: file, path: \"").append(dir).append('/').append(p.name).append(".log\", template: \"")
                    .append(TEMPLATE).append("\"}}\n");
        }
        c.append("    split:\n      sources: [net]\n      filter: 'program(\"nginx\")'\n      destinations:\n")
                .append("        info: {type: file, path: \"").append(dir).append("/split-info.log\", template: \"").append(TEMPLATE)
                .append("\", filter: 'level(info)'}\n")
                .append("        other: {type: file, path: \"").append(dir).append("/split-other.log\", template: \"").append(TEMPLATE)
                .append("\", filter: 'not level(info)'}\n");
        return c.toString();
    }

}
