package dev.sluice.config;

import dev.sluice.it.ServiceProcess;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;

import static org.assertj.core.api.Assertions.assertThat;

/** The real service, started as a child JVM, refuses a bad configuration with exit status 2 and says why. */
class StartupFailureTest {

    @Test
    void typo_fails_startup_with_status_2_and_one_clear_message() throws Exception {
        try (ServiceProcess p = ServiceProcess.start("""
                sluice:
                  pipelines:
                    web:
                      sources:
                        in: {type: tcp, port: 0, max-conections: 5}
                      destinations:
                        out: {type: stdout}
                """)) {
            assertThat(p.awaitExit()).isEqualTo(2);
            assertThat(p.output()).contains("pipeline 'web', driver 'in', key 'max-conections'").contains("unknown key for driver type 'tcp'");
        }
    }

    @Test
    void port_taken_by_another_process_fails_startup_naming_the_driver() throws Exception {
        try (ServerSocket taken = new ServerSocket(0); ServiceProcess p = ServiceProcess.start("""
                sluice:
                  pipelines:
                    web:
                      sources:
                        in: {type: tcp, port: %d}
                      destinations:
                        out: {type: stdout}
                """.formatted(taken.getLocalPort()))) {
            assertThat(p.awaitExit()).isEqualTo(2);
            assertThat(p.output()).contains("pipeline 'web', driver 'in', key 'port'").contains("cannot listen on tcp 0.0.0.0:" + taken.getLocalPort());
        }
    }
}
