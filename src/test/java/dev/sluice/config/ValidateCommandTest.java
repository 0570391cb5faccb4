package dev.sluice.config;

import dev.sluice.it.ServiceProcess;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code --validate [files…]}: exit 0, or the located errors and exit 1; nothing is bound or locked. */
class ValidateCommandTest {
    private static final Path DIR = Path.of("target/validate").toAbsolutePath();

    @Test
    void a_valid_file_exits_0_without_binding_its_ports() throws Exception {
        Files.createDirectories(DIR);
        try (ServerSocket taken = new ServerSocket(0)) {
            Path good = DIR.resolve("good.yaml");
            Files.writeString(good, """
                    sluice:
                      python:
                        path: [%s]
                      pipelines:
                        main:
                          sources:
                            in: {type: tcp, ip: 127.0.0.1, port: %d}
                          parsers: [{type: python, class: myparser.MyParser}]
                          destinations:
                            out: {type: file, path: target/validate/out.log, disk-buffer: {max-size: 16MiB}}
                    """.formatted(Path.of("src/test/resources/python").toAbsolutePath(), taken.getLocalPort()));
            ServiceProcess.Result r = ServiceProcess.run("--validate", good.toString());
            assertThat(r.status()).as(r.output()).isZero();
            assertThat(r.output()).contains("Sluice configuration is valid");
        }
    }

    @Test
    void errors_are_listed_with_their_location_and_exit_1() throws Exception {
        Files.createDirectories(DIR);
        Path bad = DIR.resolve("bad.yaml");
        Files.writeString(bad, """
                sluice:
                  python:
                    path: [%s]
                  pipelines:
                    main:
                      sources:
                        in: {type: tcp, prot: 5514}
                      parsers: [{type: python, class: myparser.NoSuchParser}]
                      destinations:
                        out: {type: fiel, path: x.log}
                """.formatted(Path.of("src/test/resources/python").toAbsolutePath()));
        ServiceProcess.Result r = ServiceProcess.run("--validate", bad.toString());
        assertThat(r.status()).as(r.output()).isEqualTo(1);
        assertThat(r.output()).contains("Invalid Sluice configuration (3 errors)")
                .contains("driver 'in', key 'prot'").contains("bad.yaml").contains("NoSuchParser").contains("unknown destination type 'fiel'");
    }

    @Test
    void filter_and_routing_errors_are_located() throws Exception {
        Files.createDirectories(DIR);
        Path paths = DIR.resolve("routing-paths.yaml");
        Files.writeString(paths, """
                sluice:
                  sources:
                    net: {type: tcp, ip: 127.0.0.1, port: 5514}
                  pipelines:
                    errors:
                      sources: [net, nosuch]
                      flags: [final, sticky]
                      destinations: {out: {type: file, path: x.log}}
                """);
        ServiceProcess.Result r = ServiceProcess.run("--validate", paths.toString());
        assertThat(r.status()).as(r.output()).isEqualTo(1);
        assertThat(r.output()).contains("Invalid Sluice configuration (2 errors)")
                .contains("pipeline 'errors', key 'sources' (").contains("no shared source named 'nosuch'")
                .contains("pipeline 'errors', key 'flags' (").contains("unknown flag 'sticky'");

        Path filters = DIR.resolve("routing-filters.yaml");
        Files.writeString(filters, """
                sluice:
                  sources:
                    net: {type: tcp, ip: 127.0.0.1, port: 5514}
                  filters:
                    f_err: 'level(err..emerg'
                  pipelines:
                    errors:
                      sources: [net]
                      filter: 'level(err) and progam("x")'
                      parsers: [{type: filter, expr: '"${status}" = "5"'}]
                      destinations:
                        out: {type: file, path: x.log, filter: 'host("a" type(regex))'}
                """);
        r = ServiceProcess.run("--validate", filters.toString());
        assertThat(r.status()).as(r.output()).isEqualTo(1);
        assertThat(r.output()).contains("Invalid Sluice configuration (4 errors)")
                .contains("key 'sluice.filters.f_err' (").contains("in filter 'f_err': expected ')' to close level(")
                .contains("pipeline 'errors', key 'filter' (").contains("unknown filter function 'progam()' at column 16")
                .contains("driver 'parser[0]', key 'expr'").contains("unknown operator '='")
                .contains("driver 'out', key 'filter'").contains("unknown type 'regex'");
    }
}
