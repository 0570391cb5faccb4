package dev.sluice.it;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The same Python file (src/test/resources/python/compare.py) run by real syslog-ng 3.38 and by
 * Sluice: a fetcher, a parser that drops one message, a destination whose every first attempt
 * fails (ERROR, reopen, retry) and a template function give the same output in both.
 */
class SyslogNgPythonParityTest {
    private static final Path FIXTURES = Path.of("src/test/resources/python").toAbsolutePath();

    @Test
    void fetcher_parser_retrying_destination_and_template_function_behave_as_in_syslog_ng() throws Exception {
        assumeTrue(SyslogNg.installed() && Files.isDirectory(Path.of("/usr/lib/syslog-ng/3.38/python/syslogng")),
                "syslog-ng with its python module is not installed (.ci/run installs syslog-ng-core and syslog-ng-mod-python)");
        Path sngDir = Files.createDirectories(Path.of("target/parity/syslog-ng").toAbsolutePath());
        Path sluiceDir = Files.createDirectories(Path.of("target/parity/sluice").toAbsolutePath());
        for (Path d : List.of(sngDir, sluiceDir)) {
            Files.deleteIfExists(d.resolve("out.log"));
            Files.deleteIfExists(d.resolve("dest.log"));
        }
        String template = "$MESSAGE|${tag}|$(python compare.tf a b)\\n";
        try (SyslogNg sng = SyslogNg.start(sngDir, """
                @version: 3.38
                options { stats-freq(0); };
                source s_fetch { python-fetcher(class("compare.CountingFetcher") options("limit" "3") fetch-no-data-delay(1)); };
                parser p_tag { python(class("compare.TagParser")); };
                destination d_file { file("%1$s/out.log" template("%2$s")); };
                destination d_py { python(class("compare.FlakyDest") options("path" "%1$s/dest.log")); };
                log { source(s_fetch); parser(p_tag); destination(d_file); destination(d_py); };
                """.formatted(sngDir, template), FIXTURES.toString());
             ServiceProcess sluice = ServiceProcess.start("""
                sluice:
                  python:
                    path: [%1$s]
                  pipelines:
                    parity:
                      sources:
                        fetch: {type: python-fetcher, class: compare.CountingFetcher, options: {limit: "3"}, fetch-no-data-delay: 1s}
                      parsers:
                        - {type: python, class: compare.TagParser}
                      destinations:
                        file: {type: file, path: "%2$s/out.log", template: "%3$s"}
                        py: {type: python, class: compare.FlakyDest, options: {path: "%2$s/dest.log"}}
                """.formatted(FIXTURES, sluiceDir, template))) {
            for (Path d : List.of(sngDir, sluiceDir)) {
                await().atMost(Duration.ofSeconds(120)).until(() -> Files.exists(d.resolve("dest.log"))
                        && Files.readString(d.resolve("dest.log")).contains("send fetched 3 parsed-3 -> success"));
            }
            Thread.sleep(500);
            List<String> expectedOut = List.of("fetched 1|parsed-1|tf:fetched 1:a,b", "fetched 3|parsed-3|tf:fetched 3:a,b");
            assertThat(Files.readAllLines(sngDir.resolve("out.log"))).isEqualTo(expectedOut);
            assertThat(Files.readAllLines(sluiceDir.resolve("out.log"))).isEqualTo(expectedOut);
            List<String> sngCalls = Files.readAllLines(sngDir.resolve("dest.log"));
            assertThat(sngCalls).containsExactly("open", "send fetched 1 parsed-1 -> error", "close", "open",
                    "send fetched 1 parsed-1 -> success", "send fetched 3 parsed-3 -> error", "close", "open",
                    "send fetched 3 parsed-3 -> success");
            assertThat(Files.readAllLines(sluiceDir.resolve("dest.log"))).isEqualTo(sngCalls);
        }
    }
}
