package dev.sluice.filter;

import dev.sluice.message.LogMessage;
import dev.sluice.message.ParseCounters;
import dev.sluice.message.ParseOptions;
import dev.sluice.message.SyslogParser;
import dev.sluice.template.TemplateCompiler;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Each function and operator of the filter language on parsed messages, and located errors. */
class FilterCompilerTest {
    private final SyslogParser parser = new SyslogParser(new ParseOptions(true, true, ZoneOffset.UTC, 65536, false), new ParseCounters());
    private final FilterCompiler compiler = new FilterCompiler(Map.of(
            "f_err", "level(err..emerg)",
            "f_web", "host(\"web-*\" type(glob)) and filter(f_err)",
            "f_loop", "filter(f_loop2)", "f_loop2", "filter(f_loop)"), TemplateCompiler.withBuiltins());

    /** {@code <PRI>} from facility and severity, host, program and message. */
    private LogMessage msg(int facility, int severity, String host, String program, String text) {
        LogMessage m = parser.parse("<" + (facility * 8 + severity) + ">Oct 11 22:14:15 " + host + " " + program + "[42]: " + text);
        m.setSourceIp("10.1.2.3");
        m.setSourceName("net");
        return m;
    }

    private boolean passes(String expr, LogMessage m) { return compiler.compile(expr).matches(m); }

    @Test
    void facility_and_level_by_name_number_range_and_list() {
        LogMessage err = msg(3, 3, "h", "app", "x"), info = msg(1, 6, "h", "app", "x");
        assertThat(passes("facility(daemon)", err)).isTrue();
        assertThat(passes("facility(user, kern)", err)).isFalse();
        assertThat(passes("facility(3)", err)).isTrue();
        assertThat(passes("level(err..emerg)", err)).isTrue();
        assertThat(passes("level(emerg..err)", err)).as("either order").isTrue();
        assertThat(passes("level(warning..emerg)", info)).isFalse();
        assertThat(passes("priority(info, debug)", info)).isTrue();
        assertThat(passes("level(error)", err)).as("alias").isTrue();
    }

    @Test
    void program_host_message_with_types_and_ignore_case() {
        LogMessage m = msg(1, 5, "web-01.example", "nginx", "GET /index.html 200");
        assertThat(passes("program(\"ngi\")", m)).as("pcre searches").isTrue();
        assertThat(passes("program(\"^nginx$\")", m)).isTrue();
        assertThat(passes("program(\"NGINX\" flags(ignore-case))", m)).isTrue();
        assertThat(passes("program(\"NGINX\")", m)).isFalse();
        assertThat(passes("host(\"web-*\" type(glob))", m)).isTrue();
        assertThat(passes("host(\"web-?\" type(glob))", m)).as("a glob matches the whole value").isFalse();
        assertThat(passes("host(\"WEB-*\" type(glob) flags(ignore-case))", m)).as("as syslog-ng: a glob ignores ignore-case").isFalse();
        assertThat(passes("program(\"nginx\" type(string))", m)).isTrue();
        assertThat(passes("program(\"ngin\" type(string))", m)).as("a string is equal").isFalse();
        assertThat(passes("program(\"ngin\" type(string) flags(prefix))", m)).isTrue();
        assertThat(passes("message(\"index\" type(string) flags(substring))", m)).isTrue();
        assertThat(passes("message('\\d{3}$')", m)).as("single quotes keep backslashes").isTrue();
    }

    @Test
    void match_value_netmask_source_tags_and_in_list() throws Exception {
        LogMessage m = msg(1, 5, "h", "app", "user=alice action=login");
        m.setValue("user", "alice");
        m.setTag("audit");
        assertThat(passes("match(\"alice\" value(\"user\"))", m)).isTrue();
        assertThat(passes("match(\"bob\" value(\"user\"))", m)).isFalse();
        assertThat(passes("match(\"action=login\")", m)).as("MESSAGE by default").isTrue();
        assertThat(passes("match(\"app\" template(\"$PROGRAM\"))", m)).isTrue();
        assertThat(passes("netmask(10.0.0.0/8)", m)).isTrue();
        assertThat(passes("netmask(\"10.1.0.0/255.255.0.0\")", m)).isTrue();
        assertThat(passes("netmask(192.168.0.0/16)", m)).isFalse();
        assertThat(passes("netmask6(\"::1/128\")", m)).isFalse();
        assertThat(passes("source(net)", m)).isTrue();
        assertThat(passes("tags(audit)", m)).isTrue();
        assertThat(passes("tags(other)", m)).isFalse();
        Path list = Files.createTempFile("programs", ".txt");
        Files.writeString(list, "sshd\napp\n");
        assertThat(passes("in-list(\"" + list + "\" value(\"PROGRAM\"))", m)).isTrue();
        assertThat(passes("in-list(\"" + list + "\" value(\"HOST\"))", m)).isFalse();
    }

    @Test
    void comparisons_as_strings_and_as_numbers() {
        LogMessage m = msg(1, 3, "h", "app", "x");
        m.setValue("status", "503");
        m.setValue("name", "b");
        assertThat(passes("\"${status}\" >= \"500\"", m)).isTrue();
        assertThat(passes("\"${status}\" < \"500\"", m)).isFalse();
        assertThat(passes("\"${status}\" == \"503\"", m)).isTrue();
        assertThat(passes("\"${status}\" != \"503\"", m)).isFalse();
        assertThat(passes("\"$LEVEL_NUM\" <= \"3\"", m)).isTrue();
        assertThat(passes("\"${name}\" eq \"b\"", m)).isTrue();
        assertThat(passes("\"${name}\" ne \"b\"", m)).isFalse();
        assertThat(passes("\"${name}\" lt \"c\"", m)).isTrue();
        assertThat(passes("\"${name}\" gt \"a\" and \"${name}\" ge \"b\" and \"${name}\" le \"b\"", m)).isTrue();
        assertThat(passes("\"${status}\" gt \"6\"", m)).as("as strings, 503 < 6").isFalse();
    }

    @Test
    void boolean_operators_bind_not_then_and_then_or() {
        LogMessage m = msg(1, 3, "web-1", "app", "x");
        assertThat(passes("level(info) or level(err) and program(app)", m)).isTrue();
        assertThat(passes("(level(info) or level(err)) and not program(app)", m)).isFalse();
        assertThat(passes("not not program(app)", m)).isTrue();
        assertThat(passes("filter(f_web)", m)).isTrue();
        assertThat(passes("filter(f_err) AND NOT host(\"db\")", m)).as("keywords in any case").isTrue();
    }

    @Test
    void errors_name_the_column_and_the_reason() {
        assertThatThrownBy(() -> compiler.compile("level(err) and")).hasMessageContaining("expected a filter but the expression ended at column 15");
        assertThatThrownBy(() -> compiler.compile("levle(err)")).hasMessageContaining("unknown filter function 'levle()'").hasMessageContaining("column 1");
        assertThatThrownBy(() -> compiler.compile("level(bogus)")).hasMessageContaining("unknown level 'bogus'");
        assertThatThrownBy(() -> compiler.compile("facility(nope)")).hasMessageContaining("unknown facility 'nope'");
        assertThatThrownBy(() -> compiler.compile("program(\"(\")")).hasMessageContaining("invalid regular expression");
        assertThatThrownBy(() -> compiler.compile("program(\"x\" type(regex))")).hasMessageContaining("unknown type 'regex'");
        assertThatThrownBy(() -> compiler.compile("program(\"x\"")).hasMessageContaining("expected ')'");
        assertThatThrownBy(() -> compiler.compile("program(x) program(y)")).hasMessageContaining("unexpected 'program' at column 12");
        assertThatThrownBy(() -> compiler.compile("\"$x\" = \"y\"")).hasMessageContaining("unknown operator '='");
        assertThatThrownBy(() -> compiler.compile("filter(nope)")).hasMessageContaining("no filter named 'nope'");
        assertThatThrownBy(() -> compiler.named("f_loop")).hasMessageContaining("refers to itself");
        assertThatThrownBy(() -> compiler.compile("netmask(10.0.0.0/33)")).hasMessageContaining("invalid prefix length");
        assertThatThrownBy(() -> compiler.compile("in-list(\"/no/such/file\" value(\"HOST\"))")).hasMessageContaining("cannot read the list file");
        assertThatThrownBy(() -> compiler.compile("\"unterminated")).hasMessageContaining("unterminated string at column 1");
    }
}
