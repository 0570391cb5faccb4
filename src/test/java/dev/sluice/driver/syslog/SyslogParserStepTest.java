package dev.sluice.driver.syslog;

import dev.sluice.message.LogMessage;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static dev.sluice.driver.ParserSteps.build;
import static dev.sluice.driver.ParserSteps.message;
import static org.assertj.core.api.Assertions.assertThat;

class SyslogParserStepTest {
    private final SyslogParserStepFactory factory = new SyslogParserStepFactory();

    @Test
    void a_syslog_line_inside_a_field_becomes_the_message() throws Exception {
        LogMessage m = message("{\"log\":\"…\"}");
        m.setValue("log", "<165>1 2024-03-05T10:11:12.345Z web-3 nginx 812 ACCESS [req@32473 id=\"7\"] GET /health 200");
        assertThat(build(factory, Map.of("template", "${log}")).process(m)).isTrue();
        assertThat(m.host()).isEqualTo("web-3");
        assertThat(m.program()).isEqualTo("nginx");
        assertThat(m.pid()).isEqualTo("812");
        assertThat(m.msgid()).isEqualTo("ACCESS");
        assertThat(m.severity()).isEqualTo(5);
        assertThat(m.message()).isEqualTo("GET /health 200");
        assertThat(m.value(".SDATA.req@32473.id")).isEqualTo("7");
        assertThat(m.value("log")).isNotNull(); // what it read is left as it was
    }

    @Test
    void an_rfc3164_line_read_without_parsing_and_drop_invalid() throws Exception {
        LogMessage m = message("<38>Oct 11 22:14:15 gw sshd[4721]: Accepted publickey for ops");
        assertThat(build(factory, Map.of()).process(m)).isTrue();
        assertThat(m.program()).isEqualTo("sshd");
        assertThat(m.message()).isEqualTo("Accepted publickey for ops");
        assertThat(build(factory, Map.of("drop-invalid", true)).process(message("<x> no priority"))).isFalse();
    }
}
