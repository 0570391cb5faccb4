package dev.sluice.driver.regexp;

import dev.sluice.driver.Parser;
import dev.sluice.message.LogMessage;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.sluice.driver.ParserSteps.build;
import static dev.sluice.driver.ParserSteps.errors;
import static dev.sluice.driver.ParserSteps.message;
import static org.assertj.core.api.Assertions.assertThat;

class RegexpParserTest {
    private final RegexpParserFactory factory = new RegexpParserFactory();

    private Parser firewall() {
        return build(factory, Map.of("prefix", "fw.", "patterns", List.of(
                "^%ASA-(?<severity>\\d)-(?<msg_id>\\d{6}): Deny (?<proto>tcp|udp) src (?<src_if>\\w+):(?<src_ip>[\\d.]+)/(?<src_port>\\d+)",
                "RT_FLOW_SESSION_(?P<event>CREATE|CLOSE): session \\w+ (?<src_ip>[\\d.]+)/(?<src_port>\\d+)->(?'dst_ip'[\\d.]+)/(?<dst_port>\\d+)",
                "%(?<facility>[A-Z_]+)-(?<severity>\\d)-(?<mnemonic>[A-Z_]+): (?<text>.*)")));
    }

    @Test
    void cisco_asa_deny() throws Exception {
        LogMessage m = message("%ASA-4-106023: Deny tcp src outside:198.51.100.9/44321 dst inside:10.1.1.5/22 by access-group \"outside_in\"");
        assertThat(firewall().process(m)).isTrue();
        assertThat(m.value("fw.severity")).isEqualTo("4");
        assertThat(m.value("fw.src_ip")).isEqualTo("198.51.100.9");
        assertThat(m.value("1")).isEqualTo("4"); // numbered groups, as 3.38 stores them
        assertThat(m.value("0")).isEqualTo("%ASA-4-106023: Deny tcp src outside:198.51.100.9/44321");
    }

    @Test
    void juniper_srx_flow_with_python_and_quote_style_names() throws Exception {
        LogMessage m = message("RT_FLOW: RT_FLOW_SESSION_CREATE: session created 192.0.2.1/5060->198.51.100.2/5060 junos-sip");
        assertThat(firewall().process(m)).isTrue();
        assertThat(m.value("fw.event")).isEqualTo("CREATE");
        assertThat(m.value("fw.dst_ip")).isEqualTo("198.51.100.2");
    }

    @Test
    void cisco_ios_falls_through_to_a_later_pattern_and_no_match_fails() throws Exception {
        LogMessage m = message("%LINEPROTO-5-UPDOWN: Line protocol on Interface Gi0/1, changed state to up");
        assertThat(firewall().process(m)).isTrue();
        assertThat(m.value("fw.mnemonic")).isEqualTo("UPDOWN");
        LogMessage none = message("nothing like a firewall");
        assertThat(firewall().process(none)).isFalse();
        assertThat(none.values()).isEmpty();
    }

    @Test
    void back_references_by_name_and_clear_errors() throws Exception {
        LogMessage m = message("<b>bold</b>");
        assertThat(build(factory, Map.of("patterns", "<(?<tag_name>\\w+)>(?<body>.*)</\\k<tag_name>>")).process(m)).isTrue();
        assertThat(m.value("body")).isEqualTo("bold");
        assertThat(errors(factory, Map.of("patterns", "(unclosed"))).singleElement().satisfies(e -> assertThat(e.toString()).contains("invalid regular expression"));
        assertThat(errors(factory, Map.of())).singleElement().satisfies(e -> assertThat(e.toString()).contains("patterns"));
    }
}
