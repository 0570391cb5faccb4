package dev.sluice.driver.kv;

import dev.sluice.driver.Parser;
import dev.sluice.message.LogMessage;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static dev.sluice.driver.ParserSteps.build;
import static dev.sluice.driver.ParserSteps.errors;
import static dev.sluice.driver.ParserSteps.message;
import static org.assertj.core.api.Assertions.assertThat;

class KvParserTest {
    private final KvParserFactory factory = new KvParserFactory();

    @Test
    void fortigate_style_pairs_with_quotes_and_empty_values() throws Exception {
        LogMessage m = message("date=2024-03-05 time=10:11:12 devname=\"FG-100F\" logid=\"0000000013\" type=\"traffic\" "
                + "srcip=192.0.2.10 srcport=51200 action=\"accept\" msg=\"policy \\\"allow web\\\" matched\" policyname=");
        assertThat(build(factory, Map.of("prefix", "fgt.")).process(m)).isTrue();
        assertThat(m.value("fgt.devname")).isEqualTo("FG-100F");
        assertThat(m.value("fgt.srcport")).isEqualTo("51200");
        assertThat(m.value("fgt.msg")).isEqualTo("policy \"allow web\" matched");
        assertThat(m.value("fgt.policyname")).isEqualTo("");
    }

    @Test
    void unquoted_values_run_to_the_next_key_and_stray_words_are_kept() throws Exception {
        Parser p = build(factory, Map.of("extract-stray-words-into", "stray"));
        LogMessage m = message("login ok user=bob from host one peer = 10.0.0.1, port=22 \"trailing\"");
        assertThat(p.process(m)).isTrue();
        assertThat(m.value("user")).isEqualTo("bob from host one");
        assertThat(m.value("peer")).isEqualTo("10.0.0.1");
        assertThat(m.value("port")).isEqualTo("22 \"trailing\"");
        assertThat(m.value("stray")).isEqualTo("\"login ok\"");
    }

    @Test
    void custom_separators_as_in_apache_style_logs() throws Exception {
        LogMessage m = message("vhost:www.example.com;status:200;bytes:5120;ua:Mozilla/5.0 (X11)");
        assertThat(build(factory, Map.of("value-separator", ":", "pair-separator", ";")).process(m)).isTrue();
        assertThat(m.value("vhost")).isEqualTo("www.example.com");
        assertThat(m.value("ua")).isEqualTo("Mozilla/5.0 (X11)");
    }

    @Test
    void malformed_quoting_keeps_the_raw_text_and_never_fails() throws Exception {
        Parser p = build(factory, Map.of("extract-stray-words-into", "stray"));
        LogMessage m = message("a=\"unterminated b=1");
        assertThat(p.process(m)).isTrue();
        assertThat(m.value("a")).isEqualTo("\"unterminated b=1");
        assertThat(p.process(message("no pairs at all"))).isTrue();
        assertThat(errors(factory, Map.of("value-separator", "=="))).singleElement()
                .satisfies(e -> assertThat(e.toString()).contains("value-separator").contains("single character"));
    }
}
