package dev.sluice.driver.file;

import dev.sluice.message.LogMessage;
import dev.sluice.message.ParseCounters;
import dev.sluice.message.ParseOptions;
import dev.sluice.message.SyslogParser;
import dev.sluice.template.TemplateCompiler;
import dev.sluice.template.TemplateOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

/** The file destination on a real file: what a crash left behind does not garble the next lines. */
class FileDestinationTest {
    private final TemplateCompiler compiler = TemplateCompiler.withBuiltins();
    private final LogMessage msg = new SyslogParser(new ParseOptions(true, true, ZoneOffset.UTC, 65536, false), new ParseCounters())
            .parse("<13>1 2003-10-11T22:14:15.003Z host app - - - hello");

    private FileDestination destination(Path file, String template) {
        return new FileDestination(new FileDestination.Settings(compiler.compile(file.toString()), compiler.compile(template),
                new TemplateOptions(ZoneOffset.UTC, 0), true, 16, false));
    }

    private static void write(FileDestination d, LogMessage m) throws Exception {
        d.send(m);
        d.flush();
        d.close();
    }

    @Test
    void a_partial_last_line_from_a_crash_is_ended_before_new_lines(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("out.log");
        Files.writeString(file, "n=1\nn=2\nn=3", StandardCharsets.UTF_8); // killed while writing "n=3x\n"
        write(destination(file, "$MESSAGE\n"), msg);
        assertThat(Files.readString(file)).isEqualTo("n=1\nn=2\nn=3\nhello\n");
    }

    @Test
    void complete_lines_and_templates_without_newlines_are_left_as_they_are(@TempDir Path dir) throws Exception {
        Path lines = dir.resolve("lines.log");
        Files.writeString(lines, "n=1\n", StandardCharsets.UTF_8);
        write(destination(lines, "$MESSAGE\n"), msg);
        assertThat(Files.readString(lines)).isEqualTo("n=1\nhello\n");

        Path records = dir.resolve("records.log");
        Files.writeString(records, "a;", StandardCharsets.UTF_8);
        write(destination(records, "$MESSAGE;"), msg);
        assertThat(Files.readString(records)).isEqualTo("a;hello;");
    }
}
