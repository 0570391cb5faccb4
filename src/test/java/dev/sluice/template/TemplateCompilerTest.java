package dev.sluice.template;

import dev.sluice.message.LogMessage;
import dev.sluice.message.ParseCounters;
import dev.sluice.message.ParseOptions;
import dev.sluice.message.SyslogParser;
import org.junit.jupiter.api.Test;

import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TemplateCompilerTest {
    private final TemplateCompiler compiler = TemplateCompiler.withBuiltins();
    private final TemplateOptions utc = new TemplateOptions(ZoneOffset.UTC, 0);
    private final LogMessage msg = new SyslogParser(new ParseOptions(true, true, ZoneOffset.UTC, 65536, false), new ParseCounters())
            .parse("<165>1 2003-10-11T22:14:15.003Z mymachine evntslog 42 ID47 [exampleSDID@32473 iut=\"3\"] An event");

    private String render(String t) { return compiler.compile(t).render(msg, utc); }

    @Test
    void macros_and_braced_names() {
        assertThat(render("$ISODATE $HOST ${PROGRAM}[$PID] $MSGID: $MSG")).isEqualTo("2003-10-11T22:14:15+00:00 mymachine evntslog[42] ID47: An event");
        assertThat(render("${MSGHDR}${MESSAGE}")).isEqualTo("evntslog[42]: An event");
        assertThat(render("$PRI $FACILITY $SEVERITY $LEVEL_NUM $FACILITY_NUM")).isEqualTo("165 local4 notice 5 20");
        assertThat(render("${.SDATA.exampleSDID@32473.iut}")).isEqualTo("3");
        assertThat(render("$YEAR-$MONTH-$DAY $HOUR:$MIN:$SEC $WEEKDAY $UNIXTIME")).isEqualTo("2003-10-11 22:14:15 Sat 1065910455");
        assertThat(render("$STAMP|$FULLDATE")).isEqualTo("Oct 11 22:14:15|2003 Oct 11 22:14:15");
    }

    @Test
    void ts_format_chooses_how_stamp_shows_a_time() {
        Template t = compiler.compile("$STAMP|$R_STAMP");
        assertThat(t.render(msg, new TemplateOptions(ZoneOffset.UTC, 3, TsFormat.ISO))).startsWith("2003-10-11T22:14:15.003+00:00|");
        assertThat(t.render(msg, new TemplateOptions(ZoneOffset.UTC, 3, TsFormat.RFC3339))).startsWith("2003-10-11T22:14:15.003+00:00|");
        assertThat(t.render(msg, new TemplateOptions(ZoneOffset.UTC, 0, TsFormat.UNIX))).startsWith("1065910455|");
        assertThat(t.render(msg, new TemplateOptions(ZoneOffset.UTC, 0, TsFormat.FULL))).startsWith("2003 Oct 11 22:14:15|");
        assertThat(t.render(msg, new TemplateOptions(ZoneOffset.UTC, 0, TsFormat.BSD))).startsWith("Oct 11 22:14:15|");
    }

    @Test
    void unknown_names_render_empty_or_default_and_dollar_escapes() {
        assertThat(render("[$nosuch]")).isEqualTo("[]");
        assertThat(render("${nosuch:-fallback} ${HOST:-x}")).isEqualTo("fallback mymachine");
        assertThat(render("costs $$5")).isEqualTo("costs $5");
    }

    @Test
    void literal_templates_are_detected() {
        assertThat(compiler.compile("plain text").literal()).isEqualTo("plain text");
        assertThat(compiler.compile("$HOST").literal()).isNull();
    }

    @Test
    void builtin_functions() {
        assertThat(render("$(echo $HOST $PID)")).isEqualTo("mymachine 42");
        assertThat(render("$(upper $HOST) $(lower ABC) $(uppercase x)")).isEqualTo("MYMACHINE abc X");
        assertThat(render("$(substr $HOST 2 3)|$(substr $HOST -4)|$(substr \"$MSG\" 0 2)")).isEqualTo("mac|hine|An");
        assertThat(render("$(length $HOST)")).isEqualTo("9");
        assertThat(render("$(echo $(upper $(substr $HOST 0 2)))")).isEqualTo("MY");
    }

    @Test
    void format_json_with_scopes_pairs_and_nesting() {
        msg.setValue("app.user", "bob \"b\"");
        msg.setValue("count", 7L);
        // keys in descending order at every level, as 3.38 writes them
        assertThat(render("$(format-json host=$HOST msg=$MSG)")).isEqualTo("{\"msg\":\"An event\",\"host\":\"mymachine\"}");
        assertThat(render("$(format-json --key app.* --key count)")).isEqualTo("{\"count\":7,\"app\":{\"user\":\"bob \\\"b\\\"\"}}");
        String rfc = render("$(format-json --scope rfc5424 --exclude DATE)");
        assertThat(rfc).contains("\"HOST\":\"mymachine\"").contains("\"MSGID\":\"ID47\"")
                .contains("\"_SDATA\":{\"exampleSDID@32473\":{\"iut\":\"3\"}}").doesNotContain("DATE");
    }

    @Test
    void compile_errors_are_clear() {
        assertThatThrownBy(() -> compiler.compile("${HOST")).isInstanceOf(TemplateException.class).hasMessageContaining("unclosed");
        assertThatThrownBy(() -> compiler.compile("$(nosuch x)")).hasMessageContaining("unknown template function 'nosuch'");
        assertThatThrownBy(() -> compiler.compile("$(substr x y)")).hasMessageContaining("not an integer");
        assertThatThrownBy(() -> compiler.compile("$(echo x")).hasMessageContaining("unclosed");
    }

    @Test
    void typed_values_render_like_syslog_ng() {
        LogMessage m = new LogMessage();
        m.setValue("list", List.of("a", "b"));
        m.setValue("flag", true);
        assertThat(compiler.compile("${list} ${flag}").render(m, utc)).isEqualTo("a,b true");
    }
}
