package dev.sluice.driver.rewrite;

import dev.sluice.driver.Parser;
import dev.sluice.message.LogMessage;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.sluice.driver.ParserSteps.build;
import static dev.sluice.driver.ParserSteps.errors;
import static dev.sluice.driver.ParserSteps.message;
import static org.assertj.core.api.Assertions.assertThat;

class RewriteStepTest {
    private final RewriteStepFactory factory = new RewriteStepFactory();

    @Test
    void rules_apply_in_order_with_conditions() throws Exception {
        Parser p = build(factory, Map.of("rules", List.of(
                Map.of("set", "${.json.user:-anonymous}", "value", "user"),
                Map.of("subst", "password=\\S+", "replacement", "password=***", "value", "MESSAGE", "flags", List.of("global")),
                Map.of("subst", "(\\d+)ms", "replacement", "$1 ms", "value", "MESSAGE"),
                Map.of("rename", List.of(".json.msg", "text")),
                Map.of("unset", List.of(".json.secret", "HOST")),
                Map.of("set-tag", "scrubbed"),
                Map.of("set", "high", "value", "prio", "if", "message(\"ERROR\")"))));
        LogMessage m = message("login password=hunter2 retry password=x took 15ms");
        m.setHost("web-1");
        m.setValue(".json.msg", "hello");
        m.setValue(".json.secret", "s3");
        assertThat(p.process(m)).isTrue();
        assertThat(m.message()).isEqualTo("login password=*** retry password=*** took 15 ms");
        assertThat(m.value("user")).isEqualTo("anonymous");
        assertThat(m.value("text")).isEqualTo("hello");
        assertThat(m.values()).doesNotContainKeys(".json.msg", ".json.secret", "prio");
        assertThat(m.host()).isEmpty();
        assertThat(m.tags()).containsExactly("scrubbed");
    }

    @Test
    void a_single_rule_in_the_step_and_a_step_condition() throws Exception {
        Parser p = build(factory, Map.of("subst", "user", "replacement", "USER", "type", "string", "flags", List.of("ignore-case", "global"),
                "if", "program(\"sshd\")"));
        LogMessage ssh = message("User bob, user alice");
        ssh.setProgram("sshd");
        p.process(ssh);
        assertThat(ssh.message()).isEqualTo("USER bob, USER alice");
        LogMessage other = message("user carol");
        p.process(other);
        assertThat(other.message()).isEqualTo("user carol");
    }

    @Test
    void tags_are_set_and_cleared_without_touching_a_shared_list() throws Exception {
        LogMessage original = message("x");
        original.addTags(List.of(".source.net", "raw"));
        LogMessage copy = original.copy();
        build(factory, Map.of("rules", List.of(Map.of("clear-tag", "raw"), Map.of("set-tag", "clean")))).process(copy);
        assertThat(copy.tags()).containsExactly(".source.net", "clean");
        assertThat(original.tags()).containsExactly(".source.net", "raw");
    }

    @Test
    void mistakes_are_reported_with_the_rule() throws Exception {
        assertThat(errors(factory, Map.of("rules", List.of(Map.of("set", "x", "value", "ISODATE")))).toString()).contains("rules[0]").contains("is a macro");
        assertThat(errors(factory, Map.of("rules", List.of(Map.of("set", "x", "unset", "y")))).toString()).contains("one operation");
        assertThat(errors(factory, Map.of("rules", List.of(Map.of("subst", "(", "replacement", "x")))).toString()).contains("invalid regular expression");
        assertThat(errors(factory, Map.of("rules", List.of(Map.of("set-tag", "x", "if", "level(nosuch)")))).toString()).contains("nosuch");
        assertThat(errors(factory, Map.of("rules", List.of(Map.of("rename", "a"))))).isNotEmpty();
    }
}
