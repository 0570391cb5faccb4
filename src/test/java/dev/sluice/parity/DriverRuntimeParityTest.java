package dev.sluice.parity;

import dev.sluice.it.TestPorts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.sluice.parity.ParityConfig.destination;
import static dev.sluice.parity.ParityConfig.fetcher;
import static dev.sluice.parity.ParityConfig.forward;
import static dev.sluice.parity.ParityConfig.framed;
import static dev.sluice.parity.ParityConfig.file;
import static dev.sluice.parity.ParityConfig.parser;
import static dev.sluice.parity.ParityConfig.source;
import static dev.sluice.parity.ParityConfig.tcp;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The drivers of {@code parity.py} at run time, in real syslog-ng 3.38 and in Sluice side by side:
 * every row is a log path in both, all run at once, then both are stopped (SIGTERM) and each row's
 * record — the calls the driver saw, with their results and their second ({@code t=}) — must be
 * the same, shutdown calls included. Sections follow the API reference (SYSLOGNG_PYTHON_API.md).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DriverRuntimeParityTest {
    private static final String NUMBERED = "parity.Numbered";
    private static final int SNG_RAW = TestPorts.free(), SLUICE_RAW = TestPorts.free();
    private static final int SNG_SANITIZE = TestPorts.free(), SLUICE_SANITIZE = TestPorts.free();
    private static final int SNG_ZONE = TestPorts.free(), SLUICE_ZONE = TestPorts.free();
    private static final int SNG_TS_ISO = TestPorts.free(), SLUICE_TS_ISO = TestPorts.free();
    private static final int SNG_TS_UNIX = TestPorts.free(), SLUICE_TS_UNIX = TestPorts.free();
    private static final int SNG_VALIDATE = TestPorts.free(), SLUICE_VALIDATE = TestPorts.free();
    private static final int SNG_VALIDATE_BACK = TestPorts.free(), SLUICE_VALIDATE_BACK = TestPorts.free();
    /** Valid UTF-8, invalid UTF-8 (a latin-1 é) and a message that came with its BOM, as RFC 5424. */
    private static final byte[] VALIDATE_LINES = concat(concat(
            "<13>1 2024-05-06T10:23:45+02:00 host app - - - valid caf\u00e9\n".getBytes(StandardCharsets.UTF_8),
            "<13>1 2024-05-06T10:23:45+02:00 host app - - - invalid caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1)),
            "<13>1 2024-05-06T10:23:45+02:00 host app - - - \ufeffbom\n".getBytes(StandardCharsets.UTF_8));
    private static final byte[] ZONED_LINE = "<13>1 2024-05-06T10:23:45.123+02:00 host app - - - zoned\n".getBytes(StandardCharsets.UTF_8);
    /** One line with invalid UTF-8 (a latin-1 é, a stray 0xff) and valid multi-byte text. */
    private static final byte[] RAW_LINE = concat("<13>Oct 11 22:14:15 host prog: caf\u00e9 \u00ff ".getBytes(StandardCharsets.ISO_8859_1),
            "ok \u2615\n".getBytes(StandardCharsets.UTF_8));

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private Peers peers;

    private static ParityConfig.Driver numbered(int limit) {
        return fetcher(NUMBERED, "limit", String.valueOf(limit)).with("fetch-no-data-delay(1)", "fetch-no-data-delay: 1s");
    }

    private static ParityConfig.Driver recorder(String... options) { return destination("parity.Recorder", options); }

    @BeforeAll
    void runBoth() throws Exception {
        String out = "$MSG\\n";
        ParityConfig config = new ParityConfig()
                // §7 destinations
                .row("d-plain", numbered(3), recorder())
                .row("d-error-retry", numbered(2), recorder("send", "ERROR,SUCCESS"))
                .row("d-error-exhaust", numbered(2), recorder("send", "ERROR,ERROR,ERROR,SUCCESS"))
                .row("d-not-connected", numbered(2), recorder("send", "NOT_CONNECTED,SUCCESS"))
                .row("d-drop", numbered(2), recorder("send", "DROP,SUCCESS"))
                .row("d-retry", numbered(2), recorder("send", "RETRY,RETRY,SUCCESS,RETRY,RETRY,RETRY,SUCCESS"))
                .row("d-bad-results", numbered(1), recorder("send", "None,42,SUCCESS"))
                .row("d-queued", numbered(5), recorder("send", "QUEUED").with("batch-lines(3) batch-timeout(3000)",
                        "batch-lines: 3, batch-timeout: 3s"))
                .row("d-flush-error", numbered(2), recorder("send", "QUEUED", "flush", "ERROR,SUCCESS").with(
                        "batch-lines(2) batch-timeout(3000)", "batch-lines: 2, batch-timeout: 3s"))
                .row("d-is-opened", numbered(2), destination("parity.OpenedRecorder", "opened", "True,False,True"))
                .row("d-open-fails", numbered(1), recorder("open", "False,False,True"))
                .row("d-open-none", numbered(1), recorder("open", "None"))
                .row("d-send-only", numbered(2), destination("parity.SendOnly"))
                .row("d-throttle", numbered(4), recorder().with("throttle(1)", "throttle: 1"))
                .row("d-attributes", numbered(1), destination("parity.Attributes", "number", "=12", "text", "12")
                        .with("time-zone(\"+02:00\") frac-digits(3)", "time-zone: \"+02:00\", frac-digits: 3"))
                // §4 fetchers
                .row("f-results", fetcher("parity.ScriptedFetcher",
                        "script", "SUCCESS,NOT_CONNECTED,SUCCESS,ERROR,SUCCESS,TRY_AGAIN,SUCCESS,NO_DATA,SUCCESS")
                        .with("fetch-no-data-delay(2)", "fetch-no-data-delay: 2s"), file(out))
                .row("f-bad", fetcher("parity.ScriptedFetcher",
                        "script", "BAD-NOT-TUPLE,SUCCESS,BAD-SHORT,SUCCESS,BAD-NOT-MESSAGE,SUCCESS,BAD-CODE,SUCCESS,RAISE,SUCCESS")
                        .with("fetch-no-data-delay(1)", "fetch-no-data-delay: 1s"), file(out))
                .row("f-open", fetcher("parity.ScriptedFetcher", "script", "SUCCESS", "open", "False,None,True")
                        .with("fetch-no-data-delay(1)", "fetch-no-data-delay: 1s"), file(out))
                .row("f-no-tracker", fetcher("parity.NoTracker").with("fetch-no-data-delay(1)", "fetch-no-data-delay: 1s"), file(out))
                // §5 server-style source
                .row("s-poster", source("parity.Poster"), file("$HOST $MSG\\n"))
                // §8 parser
                .row("p-parser", numbered(5), List.of(parser("parity.Parser")), file("$MSG|${parsed}|$HOST\\n"), false)
                // §9 template functions
                .row("t-functions", numbered(1), file("$(python parity.tf_str a b)|$(python parity.tf_bytes x y)|$(python parity.tf_int)"
                        + "|$(python parity.tf_none)|$(python parity.tf_raise)|$(python parity.tf_write)|$(python parity.nope)|$(python)\\n"))
                // §3, §10 probes; §1.3, §1.4 options and persist names
                .row("probes", fetcher("parity.Probes").with("fetch-no-data-delay(1)", "fetch-no-data-delay: 1s"), file(out))
                .row("o-options", fetcher("parity.OptionsFetcher", "text", "12", "number", "=12", "negative", "=-3", "float", "=1.5",
                        "Opt-One", "x"), file(out))
                .row("o-named", fetcher("parity.NamedFetcher").defaultPersistName(), file(out))
                .row("o-loaders", fetcher("parity.LoadersFetcher").with("loaders(\"parity_loaded\")", "loaders: [parity_loaded]"), file(out))
                .row("o-persist-name", fetcher("parity.OptionsFetcher").with("persist-name(\"custom\")", "persist-name: custom"), file(out))
                .row("o-overrides", fetcher(NUMBERED, "limit", "1").with(
                        "fetch-no-data-delay(1) host-override(\"over-host\") program-override(\"over-prog\") format(\"syslog\")",
                        "fetch-no-data-delay: 1s, host-override: over-host, program-override: over-prog, format: syslog"),
                        file("$HOST|$PROGRAM|$MSGHDR|$MSG\\n"))
                .row("o-failing-name", fetcher("parity.FailingNameFetcher").defaultPersistName(), file(out))
                // §4 of DESIGN: bytes in, bytes out
                .row("b-raw", tcp(SNG_RAW, SLUICE_RAW, ""), file(out))
                .row("b-sanitize", tcp(SNG_SANITIZE, SLUICE_SANITIZE, "sanitize-utf8"), file(out))
                .row("b-zone", tcp(SNG_ZONE, SLUICE_ZONE, "syslog-protocol"), file("$ISODATE|$DATE|$HOUR|$TZOFFSET|$S_ISODATE\\n"))
                .row("b-ts-iso", tcp(SNG_TS_ISO, SLUICE_TS_ISO, "syslog-protocol"), file("$STAMP|$S_STAMP\\n")
                        .with("ts-format(iso)", "ts-format: iso"))
                .row("b-ts-unix", tcp(SNG_TS_UNIX, SLUICE_TS_UNIX, "syslog-protocol"), file("$STAMP\\n")
                        .with("ts-format(unix) frac-digits(3)", "ts-format: unix, frac-digits: 3"))
                // validate-utf8 marks valid messages; RFC 5424 output then carries a BOM
                .row("b-validate", tcp(SNG_VALIDATE, SLUICE_VALIDATE, "").with(
                        "port(%d) flags(syslog-protocol validate-utf8) keep-hostname(yes)".formatted(SNG_VALIDATE),
                        "port: %d, flags: [syslog-protocol, validate-utf8], keep-hostname: true".formatted(SLUICE_VALIDATE)),
                        forward(SNG_VALIDATE_BACK, SLUICE_VALIDATE_BACK))
                .row("b-validate-back", framed(SNG_VALIDATE_BACK, SLUICE_VALIDATE_BACK, "no-parse"), file(out));
        peers = Peers.start("runtime", config);
        for (int port : List.of(SNG_RAW, SNG_SANITIZE, SLUICE_RAW, SLUICE_SANITIZE)) Peers.send(port, RAW_LINE);
        Peers.send(SNG_ZONE, ZONED_LINE);
        Peers.send(SLUICE_ZONE, ZONED_LINE);
        for (int port : List.of(SNG_TS_ISO, SLUICE_TS_ISO, SNG_TS_UNIX, SLUICE_TS_UNIX)) Peers.send(port, ZONED_LINE);
        Peers.send(SNG_VALIDATE, VALIDATE_LINES);
        Peers.send(SLUICE_VALIDATE, VALIDATE_LINES);
        Map<String, String> markers = new LinkedHashMap<>();
        markers.put("d-plain.log", "send msg 3");
        markers.put("d-error-retry.log", "send msg 2");
        markers.put("d-error-exhaust.log", "send msg 2");
        markers.put("d-not-connected.log", "send msg 2");
        markers.put("d-drop.log", "send msg 2");
        markers.put("d-retry.log", "send msg 2 -> SUCCESS");
        markers.put("d-bad-results.log", "-> SUCCESS");
        markers.put("d-queued.log", "send msg 5");
        markers.put("d-flush-error.log", "flush -> SUCCESS");
        markers.put("d-is-opened.log", "send msg 2");
        markers.put("d-open-fails.log", "send msg 1");
        markers.put("d-open-none.log", "send msg 1");
        markers.put("d-send-only.log", "send msg 2");
        markers.put("d-attributes.log", "set on read-only");
        markers.put("f-results.out", "fetched 5");
        markers.put("f-bad.out", "fetched 5");
        markers.put("f-open.out", "fetched 1");
        markers.put("f-no-tracker.out", "untracked 2");
        markers.put("s-poster.log", "parse:");
        markers.put("s-poster.out", "failed");
        markers.put("p-parser.log", "parse 5");
        markers.put("t-functions.out", "str:");
        markers.put("probes.log", "logger: methods");
        markers.put("o-options.log", "persist_name");
        markers.put("o-named.log", "persist_name");
        markers.put("o-loaders.log", "persist_name");
        markers.put("o-persist-name.log", "persist_name");
        markers.put("o-failing-name.log", "persist_name");
        markers.put("b-raw.out", "ok");
        markers.put("b-sanitize.out", "ok");
        markers.put("b-zone.out", "|");
        markers.put("d-throttle.log", "send msg 4");
        markers.put("o-overrides.out", "msg 1");
        markers.put("b-ts-iso.out", "|");
        markers.put("b-ts-unix.out", ".");
        markers.put("b-validate-back.out", "bom");
        try {
            peers.awaitMarkers(markers, Duration.ofSeconds(90));
            // The queued row's last flush waits for its batch-timeout (3 s) on both sides.
            peers.awaitMarkers(Map.of("d-queued.log", "flush -> SUCCESS t=3"), Duration.ofSeconds(20));
        } catch (RuntimeException e) {
            throw new AssertionError(e.getMessage() + "\n--- sluice output:\n" + tail(peers.sluiceOutput())
                    + "\n--- syslog-ng output:\n" + tail(peers.syslogNgOutput()), e);
        }
        peers.stop();
    }


    private static String tail(String s) {
        return s.length() > 6000 ? s.substring(s.length() - 6000) : s;
    }

    @AfterAll
    void close() throws Exception {
        if (peers != null) peers.close();
    }

    List<String> sng(String file) { return normalise(Peers.lines(peers.sngDir, file), peers.sngDir); }

    List<String> sluice(String file) { return normalise(Peers.lines(peers.sluiceDir, file), peers.sluiceDir); }

    /**
     * Each side's folder reads DIR, and a gap of 5 s or more (to the shutdown, which the test
     * chooses) reads t=later; shorter gaps are behaviour (time-reopen, batch-timeout) and compared.
     */
    private static List<String> normalise(List<String> lines, java.nio.file.Path dir) {
        return lines.stream().map(l -> l.replace(dir.toString(), "DIR").replaceAll(" t=([5-9]|\\d{2,})$", " t=later")).toList();
    }

    /** The row's record is the same on both sides, and not empty. */
    void same(String file) {
        assertThat(sng(file)).as("syslog-ng's %s", file).isNotEmpty();
        assertThat(sluice(file)).as("Sluice's %s (syslog-ng's: %s)", file, sng(file)).isEqualTo(sng(file));
    }

    @Nested
    class Destinations {
        @Test
        void calls_without_batching_as_measured() {
            // A flush between two sends depends on whether the worker finds the next message already
            // queued (the fetcher and the destination take turns on one interpreter), on both sides:
            // the sends, the open, the last flush and the shutdown calls are compared, not that timing.
            List<String> sng = withoutFlushesBetweenSends(sng("d-plain.log")), sluice = withoutFlushesBetweenSends(sluice("d-plain.log"));
            assertThat(sng).isNotEmpty();
            assertThat(sluice).isEqualTo(sng);
        }

        private List<String> withoutFlushesBetweenSends(List<String> lines) {
            List<String> out = new java.util.ArrayList<>();
            for (int i = 0; i < lines.size(); i++) {
                boolean between = lines.get(i).startsWith("flush") && i + 1 < lines.size() && lines.get(i + 1).startsWith("send");
                if (!between) out.add(lines.get(i));
            }
            return out;
        }
        @Test void error_closes_and_reopens_after_time_reopen() { same("d-error-retry.log"); }
        @Test void the_third_error_drops_the_message() { same("d-error-exhaust.log"); }
        @Test void not_connected_reopens_after_time_reopen() { same("d-not-connected.log"); }
        @Test void drop_discards_closes_and_reopens() { same("d-drop.log"); }
        @Test void retry_sends_again_at_once_three_times() { same("d-retry.log"); }
        @Test void none_and_out_of_range_results_are_errors() { same("d-bad-results.log"); }
        @Test void queued_flushes_every_batch_lines_and_after_batch_timeout() { same("d-queued.log"); }
        @Test void a_failed_flush_rewinds_the_batch() { same("d-flush-error.log"); }
        @Test void is_opened_is_asked_before_every_send() { same("d-is-opened.log"); }
        @Test void a_failed_open_is_tried_again_every_time_reopen() { same("d-open-fails.log"); }
        @Test void open_returning_none_counts_as_success() { same("d-open-none.log"); }
        @Test void a_destination_with_only_send() { same("d-send-only.log"); }
        @Test void throttle_spaces_the_sends() { same("d-throttle.log"); }

        @Test
        void attributes_template_options_and_seqnum() {
            // In __init__ already: template_options and seqnum (3.38 puts them on the class), not persist_name.
            // Options differ by design (typed, as 4.x); the time of the message differs by run.
            List<String> sng = normalise(sng("d-attributes.log")), sluice = normalise(sluice("d-attributes.log"));
            assertThat(sluice).hasSameSizeAs(sng);
            for (int i = 0; i < sng.size(); i++) {
                if (sng.get(i).startsWith("init options=")) {
                    assertThat(sng.get(i)).contains("('number', 'str', '12')", "('text', 'str', '12')");
                    assertThat(sluice.get(i)).contains("('number', 'int', '12')", "('text', 'str', '12')");
                } else {
                    assertThat(sluice.get(i)).isEqualTo(sng.get(i));
                }
            }
        }

        private List<String> normalise(List<String> lines) {
            return lines.stream().map(l -> l.replaceAll("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}\\+", "DATE.nnn+")).toList();
        }
    }

    /**
     * As {@link #same}, but at shutdown syslog-ng calls request_exit() (main thread) and close()
     * (fetcher thread) at the same time, in either order: request_exit is compared apart.
     */
    void sameFetcher(String file) {
        assertThat(sng(file)).as("syslog-ng's %s", file).containsOnlyOnce("request_exit");
        assertThat(sluice(file)).as("Sluice's %s", file).containsOnlyOnce("request_exit");
        assertThat(sluice(file).stream().filter(l -> !l.equals("request_exit")).toList()).as("Sluice's %s (syslog-ng's: %s)", file, sng(file))
                .isEqualTo(sng(file).stream().filter(l -> !l.equals("request_exit")).toList());
    }

    @Nested
    class Fetchers {
        @Test void each_fetch_result_as_measured() { sameFetcher("f-results.log"); same("f-results.out"); }
        @Test void malformed_fetch_results_are_errors() { sameFetcher("f-bad.log"); same("f-bad.out"); }
        @Test void open_false_or_none_is_tried_again() { sameFetcher("f-open.log"); }
        @Test void a_bookmark_without_an_ack_tracker_is_refused() { same("f-no-tracker.log"); same("f-no-tracker.out"); }
    }

    /**
     * {@code parity.Probes}: LogMessage (§3), Persist (§10.1), LogTemplate (§10.2) and Logger (§10.3)
     * probed one by one in both. Every probe 3.38 answers must give the same answer in Sluice unless
     * it is listed in {@link #DIFFERS} with Sluice's answer; probes 3.38 cannot run (it crashes, §12,
     * or lacks the API, §13) run in Sluice only and must give the answer the reference describes.
     */
    @Nested
    class MessagesPersistTemplatesLogger {
        /** Sluice's answer where it differs from 3.38, and why (docs/syslog-ng-parity.md has the same rows). */
        private static final Map<String, String> DIFFERS = Map.of(
                // 4.x raises ValueError (the reference text), 3.38 TypeError
                "set_timestamp not a datetime", "ValueError: Error extracting timestamp from value, expected a datetime instance",
                // Sluice's template compiler words its errors its own way (still a LogTemplateException)
                "template: syntax error", "LogTemplateException: Error compiling template: unclosed '${' at column 1 in template: ${unterminated",
                // 4.x: str(template) is the template text; 3.38 shows the object
                "template: str()", "ok '$MSG'",
                // the macro set is Sluice's (the names a syslog-ng user reaches for), not 3.38's 158
                "keys: count of names", "SLUICE",
                // an invalid PRI: 3.38 replaces the message by its own error message; Sluice keeps the
                // received text as MESSAGE (and counts it in parse{outcome=malformed})
                "parse: '<1a>x'", "ok (b'13', b'', b'', b'', b'<1a>x')");
        /** Probes only Sluice runs, with the answer the reference (4.x column, §12 sane behaviour) gives. */
        private static final Map<String, String> SLUICE_ONLY = Map.ofEntries(
                Map.entry("Q2 STAMP readable", "ok True"),
                Map.entry("Q4 del", "TypeError: LogMessage does not support deleting name-value pairs"),
                Map.entry("Q6 persist bool", "TypeError: Value must be either string, integer or bytes"),
                Map.entry("Q3 template function in LogTemplate", "ok 'hello'"),
                Map.entry("4.x get missing", "KeyError: 'No such name-value pair nope'"),
                Map.entry("4.x get() default", "ok b'dflt'"),
                Map.entry("4.x get_as_str", "ok 'v'"),
                Map.entry("4.x get_pri", "ok 34"),
                Map.entry("4.x flags in init: on", "ok ['expect-hostname', 'header', 'multi-line', 'parse', 'rfc3164-fallback', "
                        + "'store-legacy-msghdr']"),
                Map.entry("4.x flags in init: off", "ok ['assume-utf8', 'check-hostname', 'guess-timezone', 'sanitize-utf8', "
                        + "'store-raw-message', 'syslog-protocol', 'validate-utf8']"),
                Map.entry("4.x set int", "ok 5"),
                Map.entry("4.x set float", "ok 1.5"),
                Map.entry("4.x set bool", "ok True"),
                Map.entry("4.x set None", "ok None"),
                Map.entry("4.x set list", "ok [b'a', b'b']"),
                Map.entry("4.x set other type", "ValueError: Error extracting value from Python object"),
                Map.entry("4.x in", "TypeError: argument of type 'LogMessage' is not iterable"),
                Map.entry("4.x set_timestamp +02:00", "ok b'2024-05-06T10:23:45+02:00'"),
                Map.entry("4.x set_timestamp -05:00", "ok b'2024-05-06T10:23:45-05:00'"),
                Map.entry("4.x get_timestamp", "ok True"),
                Map.entry("4.x set_source_ipaddress", "ok b'10.1.2.3'"));

        @Test
        void every_probe_as_in_syslog_ng_or_as_documented() {
            Map<String, String> sng = Peers.probes(peers.sngDir, "probes.log"), sluice = Peers.probes(peers.sluiceDir, "probes.log");
            assertThat(sng).hasSizeGreaterThan(60);
            List<String> wrong = new java.util.ArrayList<>();
            sng.forEach((name, answer) -> {
                String expected = DIFFERS.getOrDefault(name, answer);
                if (!expected.equals("SLUICE") && !expected.equals(sluice.get(name))) {
                    wrong.add(name + ": syslog-ng " + answer + (DIFFERS.containsKey(name) ? " (expected here: " + expected + ")" : "")
                            + ", Sluice " + sluice.get(name));
                }
            });
            SLUICE_ONLY.forEach((name, expected) -> {
                if (!expected.equals(sluice.get(name))) wrong.add(name + " (Sluice only): expected " + expected + ", Sluice " + sluice.get(name));
            });
            for (String name : sluice.keySet()) {
                if (!sng.containsKey(name) && !SLUICE_ONLY.containsKey(name)) wrong.add(name + ": a probe no rule covers");
            }
            assertThat(wrong).isEmpty();
        }
    }

    @Nested
    class OptionsAndPersistNames {
        @Test void generate_persist_name() { same("o-named.log"); }
        @Test void loaders_are_imported_before_the_class() { same("o-loaders.log"); }
        @Test void persist_name_option() { same("o-persist-name.log"); }
        @Test void a_raising_generate_persist_name_falls_back_to_the_default() { same("o-failing-name.log"); }
        @Test void host_override_program_override_and_format() { same("o-overrides.out"); }

        @Test
        void option_values_are_typed_as_in_syslog_ng_4() {
            // 3.38 passes every value as str; Sluice passes YAML's types, as 4.x does (a quoted "12" stays a str).
            assertThat(sng("o-options.log").get(0)).contains("('number', 'str', '12')", "('negative', 'str', '-3')",
                    "('float', 'str', '1.5')", "('text', 'str', '12')", "('Opt_One', 'str', 'x')");
            assertThat(sluice("o-options.log").get(0)).contains("('number', 'int', '12')", "('negative', 'int', '-3')",
                    "('float', 'float', '1.5')", "('text', 'str', '12')", "('Opt_One', 'str', 'x')");
            assertThat(sluice("o-options.log").subList(1, 2)).isEqualTo(sng("o-options.log").subList(1, 2));
        }
    }

    @Nested
    class ServerSource {
        @Test
        void run_post_message_and_its_misuse() {
            String fromThread = "post from another thread: RuntimeError: post_message must be called from main thread";
            assertThat(sluice("s-poster.log")).contains(fromThread); // measured in 3.38 alone (see parity.Poster)
            assertThat(sluice("s-poster.log").stream().filter(l -> !l.equals(fromThread)).toList()).isEqualTo(sng("s-poster.log"));
            // Posted without a HOST: the local host name in both. The parsed one carries HOST mymachine,
            // which syslog-ng's keep-hostname(no) default replaces and Sluice's keep-hostname: true keeps.
            List<String> sng = sng("s-poster.out");
            assertThat(sng).hasSize(4);
            assertThat(sng.get(3)).endsWith(" 'su root' failed");
            assertThat(sluice("s-poster.out").subList(0, 3)).isEqualTo(sng.subList(0, 3));
            assertThat(sluice("s-poster.out").get(3)).isEqualTo("mymachine 'su root' failed");
        }
    }

    @Nested
    class Parsers {
        @Test void false_exception_and_none_stop_the_message() { same("p-parser.log"); same("p-parser.out"); }
    }

    @Nested
    class TemplateFunctions {
        @Test
        void results_of_each_kind() {
            // 3.38 refuses an int or None result (<error>); Sluice converts them as 4.x does.
            assertThat(sng("t-functions.out")).containsExactly("str:msg 1:a,b|bytes:x|y:bytes|<error>|<error>|<error>|TypeError: Log message is "
                    + "read only, cannot set name-value pair x, you are possibly trying to change a LogMessage from a destination driver,  "
                    + "which is not allowed|<error>|");
            assertThat(sluice("t-functions.out")).containsExactly(sng("t-functions.out").get(0).replace("|<error>|<error>|<error>|", "|42||<error>|"));
        }
    }

    @Nested
    class Bytes {
        @Test
        void invalid_utf8_is_passed_on_unchanged() throws Exception {
            byte[] sng = Peers.bytes(peers.sngDir, "b-raw.out");
            assertThat(sng).isNotEmpty();
            assertThat(Peers.bytes(peers.sluiceDir, "b-raw.out")).isEqualTo(sng);
        }

        @Test
        void a_received_time_zone_is_kept_without_a_time_zone_option() { same("b-zone.out"); }

        @Test
        void ts_format_chooses_how_stamp_shows_a_time() {
            same("b-ts-iso.out");
            same("b-ts-unix.out");
        }

        @Test
        void validate_utf8_marks_valid_messages_and_rfc5424_output_carries_the_bom() throws Exception {
            byte[] sng = Peers.bytes(peers.sngDir, "b-validate-back.out");
            assertThat(Peers.bytes(peers.sluiceDir, "b-validate-back.out")).isEqualTo(sng);
            String[] lines = new String(sng, StandardCharsets.ISO_8859_1).split("\n");
            assertThat(lines).hasSize(3);
            String bom = "\u00ef\u00bb\u00bf";
            assertThat(lines[0]).endsWith(" - " + bom + "valid caf\u00c3\u00a9");
            assertThat(lines[1]).endsWith(" - invalid caf\u00e9");
            assertThat(lines[2]).endsWith(" - " + bom + "bom");
        }

        @Test
        void sanitize_utf8_escapes_it() throws Exception {
            byte[] sng = Peers.bytes(peers.sngDir, "b-sanitize.out");
            assertThat(new String(sng, StandardCharsets.UTF_8)).contains("\\x");
            assertThat(Peers.bytes(peers.sluiceDir, "b-sanitize.out")).isEqualTo(sng);
        }
    }
}
