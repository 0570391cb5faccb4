package dev.sluice.driver.file;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** Lines grouped into messages as syslog-ng's multi-line modes do, with the position each message ends at. */
class MultiLineTest {
    private final List<String> messages = new ArrayList<>();
    private final List<Long> ends = new ArrayList<>();
    private final MultiLine.Emit emit = (text, end) -> {
        messages.add(new String(text, StandardCharsets.UTF_8));
        ends.add(end);
    };

    private void feed(MultiLine m, String... lines) {
        long end = 0;
        for (String l : lines) {
            end += l.length() + 1;
            m.add(l.getBytes(StandardCharsets.UTF_8), end, emit);
        }
    }

    @Test
    void indented_continuation_lines_as_in_a_java_stack_trace() throws Exception {
        MultiLine m = new MultiLine(MultiLine.Mode.INDENTED, null, null, null, Duration.ofMillis(50));
        feed(m, "ERROR request failed", "java.lang.IllegalStateException: boom", "\tat a.B.c(B.java:10)", "\tat a.B.d(B.java:20)",
                "INFO next request");
        assertThat(messages).containsExactly("ERROR request failed",
                "java.lang.IllegalStateException: boom\n\tat a.B.c(B.java:10)\n\tat a.B.d(B.java:20)");
        assertThat(ends).containsExactly(21L, 101L); // where the last line of each ends
        Thread.sleep(80);
        m.expire(emit); // the last message goes once no line came for the timeout
        assertThat(messages).last().isEqualTo("INFO next request");
    }

    @Test
    void prefix_garbage_and_prefix_suffix() {
        MultiLine pg = new MultiLine(MultiLine.Mode.PREFIX_GARBAGE, Pattern.compile("^\\d{4}-\\d\\d-\\d\\d "), Pattern.compile("^-- end"), null,
                Duration.ofSeconds(10));
        feed(pg, "stray", "2024-03-05 first", "  more", "-- end", "2024-03-05 second", "tail");
        assertThat(messages).containsExactly("stray", "2024-03-05 first\n  more");
        assertThat(ends.get(1)).isEqualTo(6L + 17 + 7 + 7); // past the dropped garbage line
        messages.clear();
        MultiLine ps = new MultiLine(MultiLine.Mode.PREFIX_SUFFIX, Pattern.compile("^<event>"), null, Pattern.compile("</event>$"),
                Duration.ofSeconds(10));
        feed(ps, "<event>one</event>", "<event>two", "lines", "</event>", "loose");
        assertThat(messages).containsExactly("<event>one</event>", "<event>two\nlines\n</event>", "loose");
    }
}
