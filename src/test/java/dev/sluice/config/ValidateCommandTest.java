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
}
