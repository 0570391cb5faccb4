package dev.sluice.python;

import dev.sluice.config.ConfigNode;
import dev.sluice.driver.Destination;
import dev.sluice.driver.DriverRole;
import dev.sluice.driver.DriverSpec;
import dev.sluice.driver.MessageRejected;
import dev.sluice.message.LogMessage;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A python destination with full value-pairs: send() gets a dict, typed by the hints (API reference §7.4). */
class PythonValuePairsTest {
    /** A map in the order written, as YAML keeps it (a rekey's steps apply in that order). */
    private static Map<String, ConfigNode> ordered(String... keysAndValues) {
        Map<String, ConfigNode> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) m.put(keysAndValues[i], new ConfigNode(keysAndValues[i + 1], "t"));
        return m;
    }

    @Test
    void send_gets_a_typed_dict_and_a_failed_cast_drops_only_that_message() throws Exception {
        Path out = Files.createDirectories(TestPython.STATE).resolve("pairs.out");
        Files.deleteIfExists(out);
        DriverSpec spec = TestPython.spec(DriverRole.DESTINATION, "python", "pairs_dest.Recorder", Map.of("path", out.toString()));
        spec.options().put("value-pairs", new ConfigNode(Map.of(
                "key", new ConfigNode(List.of(new ConfigNode("HOST", "t"), new ConfigNode("j.*", "t")), "t"),
                "exclude", new ConfigNode("j.secret", "t"),
                "pair", new ConfigNode(new java.util.LinkedHashMap<>(Map.of(
                        "n", new ConfigNode("int64(${j.n})", "t"), "f", new ConfigNode("double(${j.f})", "t"),
                        "b", new ConfigNode("boolean(${j.b})", "t"), "l", new ConfigNode("list(a,\"b c\")", "t"))), "t"),
                "rekey", new ConfigNode(List.of(new ConfigNode(ordered("glob", "j.*", "shift", "2", "add-prefix", "raw_"), "t")), "t")),
                "t"));
        Destination d = new PythonDestinationFactory(TestPython.host()).create(spec, TestPython.context());
        assertThat(spec.errors()).isEmpty();
        d.init();
        assertThat(d.open()).isTrue();
        LogMessage m = new LogMessage();
        m.setHost("vm");
        m.setValue("j.n", "42");
        m.setValue("j.f", "1.5");
        m.setValue("j.b", "true");
        m.setValue("j.secret", "x");
        assertThat(d.send(m)).isEqualTo(Destination.Result.SUCCESS);
        m.setValue("j.n", "forty-two");
        assertThatThrownBy(() -> d.send(m)).isInstanceOf(MessageRejected.class)
                .satisfies(e -> assertThat(((MessageRejected) e).reason()).isEqualTo("cast-error"));
        d.deinit();
        assertThat(Files.readAllLines(out)).containsExactly("[('HOST', b'vm'), ('b', True), ('f', 1.5), ('l', [b'a', b'b c']), ('n', 42), "
                + "('raw_b', b'true'), ('raw_f', b'1.5'), ('raw_n', b'42')]");
    }
}
