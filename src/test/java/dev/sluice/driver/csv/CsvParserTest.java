package dev.sluice.driver.csv;

import dev.sluice.driver.Parser;
import dev.sluice.message.LogMessage;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.sluice.driver.ParserSteps.build;
import static dev.sluice.driver.ParserSteps.errors;
import static dev.sluice.driver.ParserSteps.message;
import static org.assertj.core.api.Assertions.assertThat;

class CsvParserTest {
    private final CsvParserFactory factory = new CsvParserFactory();

    @Test
    void an_excel_export_with_doubled_quotes() throws Exception {
        Parser p = build(factory, Map.of("columns", List.of("id", "name", "comment"), "delimiters", ",", "prefix", "x.",
                "flags", List.of("escape-double-char", "strip-whitespace")));
        LogMessage m = message("17,\"Smith, John\" ,\"said \"\"hi\"\" twice\", \"literal\"");
        assertThat(p.process(m)).isTrue();
        assertThat(m.value("x.id")).isEqualTo("17");
        assertThat(m.value("x.name")).isEqualTo("Smith, John");
        assertThat(m.value("x.comment")).isEqualTo("said \"hi\" twice");
        // a quote only opens a value where the value starts, before any space (as syslog-ng reads it); extra values are ignored
        assertThat(build(factory, Map.of("columns", List.of("a", "b"), "delimiters", ",")).process(m = message("1, \"q\""))).isTrue();
        assertThat(m.value("b")).isEqualTo("\"q\"");
    }

    @Test
    void apache_common_log_split_at_spaces_with_a_greedy_rest() throws Exception {
        Parser p = build(factory, Map.of("columns", List.of("client", "ident", "user", "rest"), "flags", List.of("greedy"),
                "quote-pairs", "\"\"[]"));
        LogMessage m = message("198.51.100.4 - frank [10/Oct/2000:13:55:36 -0700] \"GET /a.gif HTTP/1.0\" 200 2326");
        assertThat(p.process(m)).isTrue();
        assertThat(m.value("client")).isEqualTo("198.51.100.4");
        assertThat(m.value("user")).isEqualTo("frank");
        assertThat(m.value("rest")).isEqualTo("[10/Oct/2000:13:55:36 -0700] \"GET /a.gif HTTP/1.0\" 200 2326");
    }

    @Test
    void null_values_string_delimiters_and_backslash_escapes() throws Exception {
        Parser p = build(factory, Map.of("columns", List.of("a", "b", "c"), "delimiters", Map.of("chars", "", "strings", List.of("||")),
                "null", "NULL", "flags", List.of("escape-backslash")));
        LogMessage m = message("NULL||\"x \\\" y\"||z");
        assertThat(p.process(m)).isTrue();
        assertThat(m.value("a")).isEqualTo("");
        assertThat(m.value("b")).isEqualTo("x \" y");
        assertThat(m.value("c")).isEqualTo("z");
    }

    @Test
    void drop_invalid_fails_on_a_wrong_column_count_and_sets_nothing() throws Exception {
        Parser strict = build(factory, Map.of("columns", List.of("a", "b"), "delimiters", ",", "flags", List.of("drop-invalid")));
        LogMessage few = message("only");
        assertThat(strict.process(few)).isFalse();
        assertThat(few.values()).isEmpty();
        assertThat(strict.process(message("1,2,3"))).isFalse();
        Parser lenient = build(factory, Map.of("columns", List.of("a", "b"), "delimiters", ","));
        LogMessage m = message("only");
        assertThat(lenient.process(m)).isTrue();
        assertThat(m.values()).containsOnlyKeys("a");
        assertThat(errors(factory, Map.of("delimiters", ","))).singleElement().satisfies(e -> assertThat(e.toString()).contains("columns"));
        assertThat(errors(factory, Map.of("columns", List.of("a"), "flags", List.of("fast")))).singleElement()
                .satisfies(e -> assertThat(e.toString()).contains("unknown flag 'fast'"));
    }
}
