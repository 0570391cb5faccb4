package dev.sluice.parity;

import dev.sluice.it.ServiceProcess;
import dev.sluice.it.SyslogNg;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Drivers syslog-ng 3.38 refuses at start-up (API reference §2, §11; quirk Q5): each is started
 * alone in syslog-ng (exit status 2 and its message), and all of them at once in one Sluice, which
 * must exit with status 2 and name each refused driver with syslog-ng's reason.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StartupParityTest {
    /** One refused driver: its syslog-ng source/destination/parser, its Sluice driver, and the reason both must give. */
    record Case(String name, String sng, String sluice, String sngReason, String sluiceReason) {
        @Override
        public String toString() { return name; }
    }

    private static final String MOD = "parity_startup.";

    static List<Case> cases() {
        return List.of(
                source("no-run", MOD + "NoRun", "class does not have a run() method", "does not have a run() method"),
                source("no-request-exit", MOD + "NoRequestExit", "class does not have a request_exit() method",
                        "does not have a request_exit() method"),
                source("suspend-without-wakeup", MOD + "SuspendWithoutWakeup", "suspend() but wakeup() is missing",
                        "suspend() but wakeup() is missing"),
                fetcher("not-a-fetcher", MOD + "NotAFetcher", "class is not a subclass of LogFetcher", "is not a subclass of LogFetcher"),
                fetcher("no-fetch", MOD + "NoFetch", "class does not have a fetch() method", "class does not have a fetch() method"),
                fetcher("init-returns-none", MOD + "InitReturnsNone", "init() returned FALSE", "init() returned FALSE"),
                fetcher("init-raises", MOD + "InitRaises", "ValueError: init failed", "ValueError: init failed"),
                fetcher("constructor-raises", MOD + "ConstructorRaises", "Error instantiating Python driver class",
                        "Error instantiating Python driver class"),
                fetcher("bad-tracker", MOD + "BadTracker", "ack_tracker needs to be an AckTracker subtype", "needs to be an AckTracker subtype"),
                fetcher("unknown-class", MOD + "Missing", "Error looking Python driver class", "cannot resolve Python class"),
                fetcher("unknown-module", "nosuchmodule.Fetcher", "Error loading Python module", "No module named 'nosuchmodule'"),
                new Case("no-send", "destination d { python(class(\"" + MOD + "NoSend\")); };",
                        "destinations: {d: {type: python, class: " + MOD + "NoSend}}", "class does not have a send() method",
                        "class does not have a send() method"),
                new Case("same-persist-name", "destination d { python(class(\"" + MOD + "Sink\")); python(class(\"" + MOD + "Sink\")); };",
                        "destinations: {d: {type: python, class: " + MOD + "Sink}, e: {type: python, class: " + MOD + "Sink}}",
                        "conflicting persist-names were found", "persist name 'python(" + MOD + "Sink)' is already used by pipeline"
                        + " 'same-persist-name', driver 'd'"),
                new Case("no-parse", "parser p { python(class(\"" + MOD + "NoParse\")); };",
                        "parsers: [{type: python, class: " + MOD + "NoParse}]", "class does not have a parse() method",
                        "class does not have a parse() method"));
    }

    private static Case source(String name, String cls, String sngReason, String sluiceReason) {
        return new Case(name, "source s { python(class(\"" + cls + "\")); };", "sources: {s: {type: python, class: " + cls + "}}",
                sngReason, sluiceReason);
    }

    private static Case fetcher(String name, String cls, String sngReason, String sluiceReason) {
        return new Case(name, "source s { python-fetcher(class(\"" + cls + "\")); };",
                "sources: {s: {type: python-fetcher, class: " + cls + "}}", sngReason, sluiceReason);
    }

    /** Found once drivers are initialised; the others when the configuration is read (so --validate and dry runs report them too). */
    private static final java.util.Set<String> AT_INIT = java.util.Set.of("init-returns-none", "init-raises", "constructor-raises", "bad-tracker",
            "same-persist-name");

    private ServiceProcess.Result classErrors, initErrors;

    /** Two Sluice runs: every class error is reported at once when the configuration is read; init() errors after it. */
    @BeforeAll
    void startSluiceWithEveryCase() throws Exception {
        classErrors = sluice("class", cases().stream().filter(c -> !AT_INIT.contains(c.name)).toList());
        initErrors = sluice("init", cases().stream().filter(c -> AT_INIT.contains(c.name)).toList());
    }

    private static ServiceProcess.Result sluice(String name, List<Case> cases) throws Exception {
        StringBuilder yaml = new StringBuilder("sluice:\n  python:\n    path: [" + Peers.PYTHON + "]\n  pipelines:\n");
        for (Case c : cases) {
            yaml.append("    ").append(c.name).append(":\n      ").append(c.sluice).append('\n');
            if (!c.sluice.startsWith("sources")) {
                yaml.append("      sources: {f: {type: python-fetcher, class: ").append(MOD).append("Fine}}\n");
            }
            if (!c.sluice.startsWith("destinations")) yaml.append("      destinations: {d: {type: file, path: /dev/null}}\n");
        }
        Path dir = Files.createDirectories(Path.of("target/parity/startup").toAbsolutePath());
        Path config = dir.resolve(name + ".yaml");
        Files.writeString(config, yaml.toString());
        return ServiceProcess.run("--spring.config.additional-location=file:" + config, "--server.port=0",
                "--management.server.port=0", "--sluice.state-dir=" + Files.createTempDirectory(dir, "state"));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void refused_as_syslog_ng_refuses_it(Case c) throws Exception {
        ServiceProcess.Result sluice = AT_INIT.contains(c.name) ? initErrors : classErrors;
        assertThat(sluice.status()).as(sluice.output()).isEqualTo(2);
        assertThat(sluice.output()).as("Sluice names pipeline %s and why", c.name)
                .containsPattern("pipeline '" + c.name + "'[^\\n]*" + java.util.regex.Pattern.quote(c.sluiceReason));
        assumeTrue(SyslogNg.withPython(), "syslog-ng with its python module is not installed");
        String sngConfig = "@version: 3.38\n" + c.sng + "\n" + (c.sng.startsWith("source") ? "" : "source s { python-fetcher(class(\""
                + MOD + "Fine\")); };\n") + "log { source(s);" + (c.sng.startsWith("parser") ? " parser(p);" : "")
                + (c.sng.startsWith("destination") ? " destination(d);" : " destination { file(\"/dev/null\"); };") + " };\n";
        SyslogNg.Result sng = SyslogNg.startFailing(Path.of("target/parity/startup", c.name).toAbsolutePath(), sngConfig, Peers.PYTHON.toString());
        if (c.name.equals("not-a-fetcher")) {
            // quirk Q5: 3.38 logs the error, then crashes (SIGSEGV); Sluice refuses it cleanly
            assertThat(sng.output()).contains(c.sngReason);
            return;
        }
        assertThat(sng.status()).as(sng.output()).isEqualTo(2);
        assertThat(sng.output()).contains(c.sngReason);
    }
}
