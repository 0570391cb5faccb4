package dev.sluice.driver.json;

import dev.sluice.driver.Parser;
import dev.sluice.message.LogMessage;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static dev.sluice.driver.ParserSteps.build;
import static dev.sluice.driver.ParserSteps.message;
import static org.assertj.core.api.Assertions.assertThat;

class JsonParserTest {
    private final JsonParserFactory factory = new JsonParserFactory();

    @Test
    void nginx_json_access_log_becomes_dotted_pairs() throws Exception {
        // nginx log_format escape=json, as commonly shipped
        LogMessage m = message("{\"time_local\":\"05/Mar/2024:10:11:12 +0100\",\"remote_addr\":\"203.0.113.7\",\"request\":\"GET /api/v1/items?id=5 HTTP/1.1\","
                + "\"status\":404,\"body_bytes_sent\":153,\"request_time\":0.004,\"http_user_agent\":\"curl/8.5.0\",\"upstream\":{\"addr\":\"10.0.0.3:8080\",\"status\":null}}");
        assertThat(build(factory, Map.of("prefix", ".nginx.")).process(m)).isTrue();
        assertThat(m.value(".nginx.status")).isEqualTo("404");
        assertThat(m.value(".nginx.request_time")).isEqualTo("0.004000"); // six decimals, as 3.38
        assertThat(m.value(".nginx.request")).isEqualTo("GET /api/v1/items?id=5 HTTP/1.1");
        assertThat(m.value(".nginx.upstream.addr")).isEqualTo("10.0.0.3:8080");
        assertThat(m.value(".nginx.upstream.status")).isEqualTo("");
    }

    @Test
    void arrays_are_lists_or_json_text_and_a_top_level_array_is_numbered() throws Exception {
        Parser p = build(factory, Map.of());
        LogMessage m = message("{\"tags\":[\"a\",\"b c\",\"it's\"],\"ids\":[1,2.5,true],\"objs\":[{\"k\":\"v/w\"},[1]]}");
        assertThat(p.process(m)).isTrue();
        assertThat(m.value("tags")).isEqualTo("a,\"b c\",\"it's\"");
        assertThat(m.value("ids")).isEqualTo("1,2.500000,true");
        assertThat(m.value("objs")).isEqualTo("[{\"k\":\"v\\/w\"},[1]]");
        LogMessage top = message("[\"x\",{\"y\":1}]");
        assertThat(p.process(top)).isTrue();
        assertThat(top.value("1")).isEqualTo("x");
        assertThat(top.value("2")).isEqualTo("{\"y\":1}");
    }

    @Test
    void marker_and_extract_prefix_select_what_is_parsed() throws Exception {
        LogMessage cee = message("@cee: {\"event\":{\"id\":7}}");
        assertThat(build(factory, Map.of("marker", "@cee:", "prefix", "c.")).process(cee)).isTrue();
        assertThat(cee.value("c.event.id")).isEqualTo("7");
        assertThat(build(factory, Map.of("marker", "@cee:")).process(message("{\"event\":1}"))).isFalse();
        LogMessage inner = message("{\"kubernetes\":{\"labels\":{\"app\":\"web\"}},\"log\":\"x\"}");
        assertThat(build(factory, Map.of("extract-prefix", "kubernetes.labels")).process(inner)).isTrue();
        assertThat(inner.values()).containsOnlyKeys("app");
    }

    @Test
    void malformed_input_fails_and_leaves_the_message_untouched() throws Exception {
        Parser p = build(factory, Map.of("prefix", "j."));
        for (String bad : new String[] {"", "not json", "{\"a\":1", "{\"a\":}", "\"just a string\"", "42", "{\"a\":1,,}"}) {
            LogMessage m = message(bad);
            assertThat(p.process(m)).as(bad).isFalse();
            assertThat(m.values()).as(bad).isEmpty();
        }
        LogMessage lenient = message("{'single':'quotes', \"dup\":1, \"dup\":2} trailing");
        assertThat(p.process(lenient)).isTrue(); // json-c's leniency, which 3.38 inherits
        assertThat(lenient.value("j.single")).isEqualTo("quotes");
        assertThat(lenient.value("j.dup")).isEqualTo("2");
    }

    @Test
    void template_chooses_the_input() throws Exception {
        LogMessage m = message("plain");
        m.setValue("payload", "{\"a\":\"b\"}");
        assertThat(build(factory, Map.of("template", "${payload}")).process(m)).isTrue();
        assertThat(m.value("a")).isEqualTo("b");
    }
}
