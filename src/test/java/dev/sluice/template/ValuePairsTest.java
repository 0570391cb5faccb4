package dev.sluice.template;

import dev.sluice.message.LogMessage;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** $(format-json) over value-pairs; the expected texts are what syslog-ng 3.38 wrote for the same arguments. */
class ValuePairsTest {
    private final TemplateCompiler compiler = TemplateCompiler.withBuiltins();
    private final LogMessage m = new LogMessage();

    {
        m.setHost("vm");
        m.setProgram("app");
        m.setPid("1234");
        m.setMessage("hello");
        m.setValue("j.n", "42");
        m.setValue("j.f", "1.5");
        m.setValue("j.b", "true");
        m.setValue("j.s", "text");
        m.setValue("j.e", "");
        m.setValue("j.bad", "x1");
        m.setValue(".SDATA.ex@32473.iut", "3");
    }

    private String json(String args) { return compiler.compile("$(format-json " + args + ")").render(m, TemplateOptions.DEFAULT); }

    @Test
    void type_hints_write_json_types() {
        assertThat(json("n=int64(${j.n}) f=double(${j.f}) b=boolean(${j.b}) s=string(${j.s}) l=literal(${j.s})"))
                .isEqualTo("{\"s\":\"text\",\"n\":42,\"l\":text,\"f\":1.5,\"b\":true}");
        assertThat(json("lst=list(a,b) js=json({\"a\":1}) sp=int64( 5) dd=double(1e3) d2=double(${j.n})"))
                .isEqualTo("{\"sp\": 5,\"lst\":[\"a\",\"b\"],\"js\":{\"a\":1},\"dd\":1e3,\"d2\":42}");
    }

    @Test
    void a_failed_cast_follows_on_error() {
        assertThat(json("n=int64(${j.bad}) s=${j.s}")).isEmpty(); // drop-message, the default: nothing is written
        assertThat(json("n=int64(${j.bad}) s=${j.s} --on-error drop-property")).isEqualTo("{\"s\":\"text\"}");
        assertThat(json("n=int64(${j.bad}) --on-error silently-fallback-to-string")).isEqualTo("{\"n\":\"x1\"}");
        assertThat(json("b=boolean(yes) --on-error drop-property")).isEqualTo("{}");
        assertThat(json("e=int64(${j.e}) --on-error drop-property")).isEqualTo("{}");
        assertThatThrownBy(() -> json("--on-error never")).hasMessageContaining("unknown on-error 'never'");
    }

    @Test
    void scopes_keys_excludes_and_rekey() {
        assertThat(json("--scope rfc3164")).isEqualTo("{\"PROGRAM\":\"app\",\"PRIORITY\":\"notice\",\"PID\":\"1234\",\"MESSAGE\":\"hello\","
                + "\"HOST\":\"vm\",\"FACILITY\":\"user\",\"DATE\":\"" + Macros.render("DATE", m, TemplateOptions.DEFAULT) + "\"}");
        assertThat(json("--scope sdata")).isEqualTo("{\"_SDATA\":{\"ex@32473\":{\"iut\":\"3\"}}}");
        assertThat(json("--key j.* --exclude j.b --omit-empty-values")).isEqualTo("{\"j\":{\"s\":\"text\",\"n\":\"42\",\"f\":\"1.5\",\"bad\":\"x1\"}}");
        assertThat(json("--key j.* --rekey j.* --shift 2 --add-prefix x.")).isEqualTo(
                "{\"x\":{\"s\":\"text\",\"n\":\"42\",\"f\":\"1.5\",\"e\":\"\",\"bad\":\"x1\",\"b\":\"true\"}}");
        assertThat(json("--key j.s --rekey j.* --replace-prefix j=k")).isEqualTo("{\"k\":{\"s\":\"text\"}}");
        assertThat(json("--scope nv-pairs --exclude j.*")).isEqualTo("{\"PROGRAM\":\"app\",\"PID\":\"1234\",\"MESSAGE\":\"hello\",\"HOST\":\"vm\"}");
    }
}
