package dev.sluice.driver.date;

import dev.sluice.message.LogMessage;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.sluice.driver.ParserSteps.build;
import static dev.sluice.driver.ParserSteps.errors;
import static dev.sluice.driver.ParserSteps.message;
import static org.assertj.core.api.Assertions.assertThat;

class DateParserTest {
    private final DateParserFactory factory = new DateParserFactory();

    /** text | format | expected ISO time (UTC+9 where the text has no zone, time-zone: Asia/Tokyo) */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "2024-03-05T10:11:12+0100|%Y-%m-%dT%H:%M:%S%z|2024-03-05T10:11:12+01:00",
            "2024-03-05T10:11:12-05:30|%Y-%m-%dT%H:%M:%S%z|2024-03-05T10:11:12-05:30",
            "2024-03-05T10:11:12Z|%Y-%m-%dT%H:%M:%S%z|2024-03-05T10:11:12Z",
            "2024-03-05T10:11:12.345678+02:00|%Y-%m-%dT%H:%M:%S.%f%z|2024-03-05T10:11:12.345678+02:00",
            "05/Mar/2024:10:11:12 +0100|%d/%b/%Y:%H:%M:%S %z|2024-03-05T10:11:12+01:00",
            "2024-03-05 10:11:12|%Y-%m-%d %H:%M:%S|2024-03-05T10:11:12+09:00",
            "1709633472|%s|2024-03-05T10:11:12Z",
            "Tue, 05 Mar 2024 10:11:12 GMT|%a, %d %b %Y %H:%M:%S %Z|2024-03-05T10:11:12Z",
            "Tuesday March 5 2024 10:11:12 PM|%A %B %e %Y %I:%M:%S %p|2024-03-05T22:11:12+09:00",
            "03/05/24 10:11|%D %R|2024-03-05T10:11+09:00",
            "2024-065 10:11:12|%Y-%j %T|2024-03-05T10:11:12+09:00",
            "2024-03-05T10:11:12 Europe/Paris|%FT%T %Z|2024-03-05T10:11:12+01:00",
            "12:00:00 AM 2024-03-05|%I:%M:%S %p %F|2024-03-05T00:00+09:00"})
    void formats_users_meet(String text, String format, String iso) throws Exception {
        LogMessage m = message(text);
        assertThat(build(factory, Map.of("format", format, "time-zone", "Asia/Tokyo")).process(m)).as(text).isTrue();
        assertThat(m.stamp().instant()).isEqualTo(java.time.OffsetDateTime.parse(iso).toInstant());
        assertThat(m.stamp().offset()).isEqualTo(java.time.OffsetDateTime.parse(iso).getOffset());
    }

    @Test
    void formats_are_tried_in_order_and_nonsense_fails_untouched() throws Exception {
        var p = build(factory, Map.of("format", List.of("%s", "%d/%b/%Y:%H:%M:%S %z")));
        assertThat(p.process(message("05/Mar/2024:10:11:12 +0100"))).isTrue();
        for (String bad : new String[] {"2024-13-45T99:00:00+0000", "05/Foo/2024:10:11:12 +0100", "1709633472 extra", ""}) {
            LogMessage m = message(bad);
            var before = m.stamp();
            assertThat(p.process(m)).as(bad).isFalse();
            assertThat(m.stamp()).isEqualTo(before);
        }
        assertThat(errors(factory, Map.of("format", "%Q"))).singleElement().satisfies(e -> assertThat(e.toString()).contains("unsupported directive '%Q'"));
    }

    @Test
    void a_time_without_a_year_gets_the_nearest_one() throws Exception {
        LogMessage m = message("Mar  5 10:11:12");
        assertThat(build(factory, Map.of("format", "%b %e %H:%M:%S")).process(m)).isTrue();
        int year = java.time.LocalDate.now().getYear();
        assertThat(m.stamp().at(null).getYear()).isBetween(year - 1, year + 1);
    }
}
