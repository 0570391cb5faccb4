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
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The native parsers, rewrite rules and value-pairs in real syslog-ng 3.38 and in Sluice side by
 * side: one TCP source, a log path per parser configuration written the same way in both, and the
 * same generated corpus ({@link ParsingCorpus}); each path's output (the message number, then the
 * fields it extracted, often as {@code $(format-json)}) must be the same, line for line.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ParsingParityTest {
    private static final int MESSAGES = 1500;

    /** A log path: the parser steps in syslog-ng's syntax and in Sluice's, and the output template (raw text). */
    record LogPath(String name, String syslogNg, String sluice, String template) {
        @Override
        public String toString() { return name; }
    }

    static List<LogPath> paths() {
        String nv = "$(format-json --scope nv-pairs --exclude HOST* --exclude SOURCE --exclude PROGRAM --exclude PID --exclude MESSAGE --exclude MSGID --exclude LEGACY_MSGHDR)";
        return List.of(
                new LogPath("json", "parser { json-parser(prefix(\"j.\")); };",
                        "[{type: json, prefix: j.}]", "$PID " + nv + "\n"),
                new LogPath("json-extract", "parser { json-parser(prefix(\"e.\") extract-prefix(\"data\")); };",
                        "[{type: json, prefix: e., extract-prefix: data}]", "$PID " + nv + "\n"),
                new LogPath("json-marker", "parser { json-parser(marker(\"@cee:\") prefix(\".cee.\")); };",
                        "[{type: json, marker: '@cee:', prefix: .cee.}]", "$PID $(format-json --scope dot-nv-pairs)\n"),
                new LogPath("json-typed", "parser { json-parser(prefix(\"t.\")); };",
                        "[{type: json, prefix: t.}]",
                        "$PID $(format-json id=int64(${t.id}) score=double(${t.score}) ok=boolean(${t.ok}) msg=string(${t.msg}) raw=literal(${t.id}) tags=list(${t.tags}) user=${t.user.name})\n"),
                new LogPath("kv", "parser { kv-parser(prefix(\"kv.\") extract-stray-words-into(\"stray\")); };",
                        "[{type: kv, prefix: kv., extract-stray-words-into: stray}]", "$PID $(format-json --key kv.* --key stray)\n"),
                new LogPath("kv-custom", "parser { kv-parser(prefix(\"k2.\") value-separator(\":\") pair-separator(\";\")); };",
                        "[{type: kv, prefix: k2., value-separator: ':', pair-separator: ';'}]", "$PID $(format-json --key k2.*)\n"),
                new LogPath("kv-rekey", "parser { kv-parser(prefix(\"kv.\")); };",
                        "[{type: kv, prefix: kv.}]", "$PID $(format-json --key kv.* --exclude kv.id --rekey kv.* --shift 3 --add-prefix x. --omit-empty-values)\n"),
                new LogPath("csv", "parser { csv-parser(columns(\"c.a\", \"c.b\", \"c.c\") delimiters(\",\")); };",
                        "[{type: csv, columns: [c.a, c.b, c.c], delimiters: ','}]", "$PID [${c.a}][${c.b}][${c.c}]\n"),
                new LogPath("csv-greedy", "parser { csv-parser(columns(\"g.a\", \"g.b\", \"g.rest\") delimiters(\",;\") flags(greedy, escape-double-char, strip-whitespace) null(\"-\")); };",
                        "[{type: csv, columns: [g.a, g.b, g.rest], delimiters: ',;', flags: [greedy, escape-double-char, strip-whitespace], 'null': '-'}]",
                        "$PID [${g.a}][${g.b}][${g.rest}]\n"),
                new LogPath("csv-strict", "parser { csv-parser(columns(\"s.a\", \"s.b\", \"s.c\") delimiters(\",\") quote-pairs('\"\"') flags(drop-invalid, escape-backslash)); };",
                        "[{type: csv, columns: [s.a, s.b, s.c], delimiters: ',', quote-pairs: '\"\"', flags: [drop-invalid, escape-backslash]}]",
                        "$PID [${s.a}][${s.b}][${s.c}]\n"),
                new LogPath("regexp", "parser { regexp-parser(prefix(\"fw.\") patterns("
                        + q(ParsingCorpus.ASA_PATTERN) + ", " + q(ParsingCorpus.FLOW_PATTERN) + ")); };",
                        "[{type: regexp, prefix: fw., patterns: [" + q(ParsingCorpus.ASA_PATTERN) + ", " + q(ParsingCorpus.FLOW_PATTERN) + "]}]",
                        "$PID [$0] [$1] $(format-json --key fw.*)\n"),
                // a zone without summer time: 3.38 applies time-zone() without DST (June in Budapest came out +01:00)
                new LogPath("date", "parser { date-parser(format(" + String.join(", ", ParsingCorpus.DATE_FORMATS.stream().map(ParsingParityTest::q).toList())
                        + ") time-zone(\"Asia/Tokyo\")); };",
                        "[{type: date, format: [" + String.join(", ", ParsingCorpus.DATE_FORMATS.stream().map(ParsingParityTest::q).toList())
                        + "], time-zone: Asia/Tokyo}]",
                        "$PID $ISODATE $S_UNIXTIME\n"),
                new LogPath("rewrite", "rewrite { set(\"seen-$PID\" value(\"mark\")); "
                        + "subst(\"[0-9]+\" \"N\" value(\"MESSAGE\") flags(global)); "
                        + "subst(\"(user|USER)=([a-z]+)\" \"$2@$1\" value(\"MESSAGE\")); "
                        + "set(\"error\" value(\"kind\") condition(message(\"error\" flags(ignore-case)))); "
                        + "rename(\"mark\" \"mark2\"); unset(value(\"nothing\")); "
                        + "set-tag(\"t1\"); set-tag(\"t2\"); clear-tag(\"t1\"); "
                        + "set(\"yes\" value(\"has_t2\") condition(tags(\"t2\") and not tags(\"t1\"))); "
                        + "set(\"$HOST\" value(\"PROGRAM\") condition(level(err..emerg))); };",
                        "[{type: rewrite, rules: ["
                        + "{set: 'seen-$PID', value: mark}, "
                        + "{subst: '[0-9]+', replacement: N, value: MESSAGE, flags: [global]}, "
                        + "{subst: '(user|USER)=([a-z]+)', replacement: '$2@$1', value: MESSAGE}, "
                        + "{set: error, value: kind, if: 'message(\"error\" flags(ignore-case))'}, "
                        + "{rename: [mark, mark2]}, {unset: nothing}, "
                        + "{set-tag: t1}, {set-tag: t2}, {clear-tag: t1}, "
                        + "{set: 'yes', value: has_t2, if: 'tags(\"t2\") and not tags(\"t1\")'}, "
                        + "{set: '$HOST', value: PROGRAM, if: 'level(err..emerg)'}]}]",
                        "$PID $PROGRAM [${mark}][${mark2}][${kind}][${has_t2}] $MSG\n"));
    }

    /** A double-quoted string, escaped the same way for syslog-ng's configuration and for YAML. */
    static String q(String raw) {
        return '"' + raw.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + '"';
    }

    private final Path base = Path.of("target/parity/parsing").toAbsolutePath();
    private SyslogNg sng;
    private ServiceProcess sluice;

    @BeforeAll
    void parseTheSameMessagesInBoth() throws Exception {
        assumeTrue(SyslogNg.installed(), "syslog-ng is not installed (.ci/run installs syslog-ng-core)");
        Peers.clean(base);
        Path sngDir = Files.createDirectories(base.resolve("syslog-ng")), sluiceDir = Files.createDirectories(base.resolve("sluice"));
        int sngPort = TestPorts.free(), sluicePort = TestPorts.free();
        sng = SyslogNg.start(sngDir, syslogNgConfig(sngDir, sngPort), sngPort);
        sluice = ServiceProcess.start(sluiceConfig(sluiceDir, sluicePort));
        byte[] corpus = ParsingCorpus.generate(MESSAGES).getBytes(StandardCharsets.UTF_8);
        Files.write(base.resolve("corpus.txt"), corpus);
        Peers.send(sngPort, corpus);
        Peers.send(sluicePort, corpus);
        await().atMost(Duration.ofSeconds(120)).until(() -> Peers.lines(sngDir, "end.log").size() == 1
                && Peers.lines(sluiceDir, "end.log").size() == 1);
        // Both drain what they hold on SIGTERM, so every file is complete after this.
        sng.terminate();
        sluice.terminate();
    }

    @AfterAll
    void close() throws Exception {
        if (sluice != null) sluice.close();
        if (sng != null) sng.close();
    }

    @ParameterizedTest
    @MethodSource("paths")
    void each_path_extracts_the_same_fields(LogPath path) {
        List<String> expected = Peers.lines(base.resolve("syslog-ng"), path.name + ".log");
        assertThat(expected).as("syslog-ng's %s", path.name).hasSizeGreaterThan(50);
        assertThat(Peers.lines(base.resolve("sluice"), path.name + ".log")).as("Sluice's %s", path.name).isEqualTo(expected);
    }

    private static String syslogNgConfig(Path dir, int port) {
        StringBuilder c = new StringBuilder("@version: 3.38\noptions { keep-hostname(yes); stats-freq(0); };\n")
                .append("source net { network(ip(127.0.0.1) port(").append(port).append(") transport(tcp) log-msg-size(65536)); };\n")
                .append("log { source(net); filter { message(\"^END$\"); }; destination { file(\"").append(dir).append("/end.log\"); }; flags(final); };\n");
        for (LogPath p : paths()) {
            c.append("log { source(net); ").append(p.syslogNg).append(" destination { file(\"").append(dir).append('/').append(p.name)
                    .append(".log\" template(").append(q(p.template)).append(")); }; };\n");
        }
        return c.toString();
    }

    private static String sluiceConfig(Path dir, int port) {
        StringBuilder c = new StringBuilder("sluice:\n  sources:\n    net: {type: tcp, ip: 127.0.0.1, port: ").append(port).append(", log-msg-size: 65536}\n")
                .append("  pipelines:\n")
                .append("    end:\n      sources: [net]\n      filter: 'message(\"^END$\")'\n      flags: [final]\n")
                .append("      destinations: {out: {type: file, path: \"").append(dir).append("/end.log\"}}\n");
        for (LogPath p : paths()) {
            c.append("    ").append(p.name).append(":\n      sources: [net]\n      parsers: ").append(p.sluice).append('\n')
                    .append("      destinations: {out: {type: file, path: \"").append(dir).append('/').append(p.name).append(".log\", template: ")
                    .append(q(p.template)).append("}}\n");
        }
        return c.toString();
    }
}
