package dev.sluice.message;

import dev.sluice.template.Macros;
import dev.sluice.template.TemplateOptions;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

class SyslogParserTest {
    private final ParseCounters counters = new ParseCounters();
    private final SyslogParser parser = new SyslogParser(
            new ParseOptions(true, true, ZoneOffset.UTC, 65536, false), counters);

    private static String iso(LogMessage m) {
        return Macros.render("ISODATE", m, new TemplateOptions(ZoneOffset.UTC, 0));
    }

    @Test
    void rfc5424_example_with_structured_data_and_bom() {
        byte[] head = "<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 [exampleSDID@32473 iut=\"3\" eventSource=\"Application\" eventID=\"1011\"][examplePriority@32473 class=\"high\"] ".getBytes(StandardCharsets.UTF_8);
        byte[] body = "An application event log entry...".getBytes(StandardCharsets.UTF_8);
        byte[] raw = new byte[head.length + 3 + body.length];
        System.arraycopy(head, 0, raw, 0, head.length);
        raw[head.length] = (byte) 0xef; raw[head.length + 1] = (byte) 0xbb; raw[head.length + 2] = (byte) 0xbf;
        System.arraycopy(body, 0, raw, head.length + 3, body.length);

        LogMessage m = parser.parse(raw, 0, raw.length);

        assertThat(m.pri()).isEqualTo(165);
        assertThat(m.facility()).isEqualTo(20);
        assertThat(m.severity()).isEqualTo(5);
        assertThat(m.host()).isEqualTo("mymachine.example.com");
        assertThat(m.program()).isEqualTo("evntslog");
        assertThat(m.pid()).isEmpty();
        assertThat(m.msgid()).isEqualTo("ID47");
        assertThat(m.message()).isEqualTo("An application event log entry...");
        assertThat(m.value(".SDATA.exampleSDID@32473.eventSource")).isEqualTo("Application");
        assertThat(m.value(".SDATA.examplePriority@32473.class")).isEqualTo("high");
        assertThat(Macros.render("SDATA", m, TemplateOptions.DEFAULT))
                .isEqualTo("[exampleSDID@32473 iut=\"3\" eventSource=\"Application\" eventID=\"1011\"][examplePriority@32473 class=\"high\"]");
        assertThat(Macros.render("ISODATE", m, new TemplateOptions(ZoneOffset.UTC, 3))).isEqualTo("2003-10-11T22:14:15.003+00:00");
        assertThat(counters.malformed.sum()).isZero();
    }

    @Test
    void rfc5424_with_offset_nil_fields_and_escaped_sd_values() {
        LogMessage m = parser.parse("<34>1 2003-08-24T05:14:15.000003-07:00 192.0.2.1 myproc 8710 - [a@1 q=\"say \\\"hi\\\" \\] ok\"] %% It's time to make the do-nuts.");
        assertThat(m.host()).isEqualTo("192.0.2.1");
        assertThat(m.pid()).isEqualTo("8710");
        assertThat(m.msgid()).isEmpty();
        assertThat(m.value(".SDATA.a@1.q")).isEqualTo("say \"hi\" ] ok");
        assertThat(m.stamp().offset()).isEqualTo(ZoneOffset.ofHours(-7));
        assertThat(Macros.render("ISODATE", m, new TemplateOptions(null, 0)).length()).isEqualTo(25);
        assertThat(Macros.render("ISODATE", m, new TemplateOptions(ZoneOffset.ofHours(-7), 6))).isEqualTo("2003-08-24T05:14:15.000003-07:00");
        assertThat(m.message()).isEqualTo("%% It's time to make the do-nuts.");
    }

    @Test
    void rfc5424_without_message_or_sd() {
        LogMessage m = parser.parse("<13>1 - - - - - -");
        assertThat(m.message()).isEmpty();
        assertThat(m.host()).isEmpty();
        assertThat(counters.malformed.sum()).isZero();
    }

    @Test
    void rfc3164_linux_kernel_and_daemon_lines() {
        LogMessage k = parser.parse("<4>Feb  5 17:32:18 server1 kernel: [123456.789012] usb 1-1: new high-speed USB device number 2 using ehci-pci");
        assertThat(k.host()).isEqualTo("server1");
        assertThat(k.program()).isEqualTo("kernel");
        assertThat(k.message()).isEqualTo("[123456.789012] usb 1-1: new high-speed USB device number 2 using ehci-pci");
        assertThat(k.stamp().at(ZoneOffset.UTC).getMonthValue()).isEqualTo(2);
        assertThat(k.stamp().at(ZoneOffset.UTC).getDayOfMonth()).isEqualTo(5);

        LogMessage d = parser.parse("<86>Oct 11 22:14:15 mymachine sshd[4721]: Accepted publickey for root from 10.0.0.1 port 5022 ssh2\n");
        assertThat(d.program()).isEqualTo("sshd");
        assertThat(d.pid()).isEqualTo("4721");
        assertThat(d.message()).isEqualTo("Accepted publickey for root from 10.0.0.1 port 5022 ssh2");
        assertThat(Macros.render("MSGHDR", d, TemplateOptions.DEFAULT)).isEqualTo("sshd[4721]: ");
        assertThat(Macros.render("FACILITY", d, TemplateOptions.DEFAULT)).isEqualTo("authpriv");
        assertThat(Macros.render("LEVEL", d, TemplateOptions.DEFAULT)).isEqualTo("info");
        assertThat(Macros.render("DATE", d, TemplateOptions.DEFAULT)).isEqualTo("Oct 11 22:14:15");
    }

    @Test
    void rfc3164_missing_year_is_guessed_so_the_stamp_is_not_far_in_the_future() {
        ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
        LogMessage m = parser.parse("<13>" + Macros.render("DATE", new LogMessage(), new TemplateOptions(ZoneOffset.UTC, 0)) + " host app: x");
        assertThat(m.stamp().at(ZoneOffset.UTC).getYear()).isEqualTo(now.getYear());
    }

    @Test
    void rfc3164_time_zone_comes_from_the_source_option() {
        SyslogParser paris = new SyslogParser(new ParseOptions(true, true, ZoneId.of("Europe/Paris"), 65536, false), counters);
        LogMessage m = paris.parse("<13>Jul  1 12:00:00 host app: summer");
        assertThat(m.stamp().offset()).isEqualTo(ZoneOffset.ofHours(2));
        assertThat(Macros.render("HOUR", m, new TemplateOptions(ZoneOffset.UTC, 0))).isEqualTo("10");
    }

    @Test
    void cisco_lines_with_sequence_numbers_millis_and_zone() {
        LogMessage a = parser.parse("<189>29: *Mar  1 18:48:50.483 UTC: %SYS-5-CONFIG_I: Configured from console by vty2 (10.34.195.36)");
        assertThat(a.pri()).isEqualTo(189);
        assertThat(a.program()).isEqualTo("%SYS-5-CONFIG_I");
        assertThat(a.message()).isEqualTo("Configured from console by vty2 (10.34.195.36)");
        assertThat(Macros.render("USEC", a, new TemplateOptions(ZoneOffset.UTC, 0))).isEqualTo("483000");

        LogMessage b = parser.parse("<190>Jan 14 2024 10:20:30 core-sw1 : %LINK-3-UPDOWN: Interface GigabitEthernet0/1, changed state to up");
        assertThat(b.host()).isEqualTo("core-sw1");
        assertThat(b.stamp().at(ZoneOffset.UTC).getYear()).isEqualTo(2024);
        assertThat(b.message()).contains("%LINK-3-UPDOWN");
        assertThat(counters.malformed.sum()).isZero();
    }

    @Test
    void iso_timestamp_in_bsd_header() {
        LogMessage m = parser.parse("<5>2022-02-02T10:23:45+02:00 HOST program[pid]: foobar");
        assertThat(m.host()).isEqualTo("HOST");
        assertThat(m.program()).isEqualTo("program");
        assertThat(m.pid()).isEqualTo("pid");
        assertThat(m.message()).isEqualTo("foobar");
        assertThat(iso(m)).isEqualTo("2022-02-02T08:23:45+00:00");
    }

    @Test
    void plain_text_without_header_starts_with_a_program_as_in_syslog_ng() {
        LogMessage m = parser.parse("just some text: with a colon later");
        assertThat(m.pri()).isEqualTo(13);
        assertThat(m.program()).isEqualTo("just");
        assertThat(m.message()).isEqualTo("some text: with a colon later");
        LogMessage t = parser.parse("myapp: started");
        assertThat(t.program()).isEqualTo("myapp");
        assertThat(t.message()).isEqualTo("started");
    }

    @Test
    void invalid_utf8_is_kept_byte_for_byte_and_counted() {
        byte[] raw = "<13>Jan  1 00:00:00 h app: bad \u00ff here".getBytes(StandardCharsets.ISO_8859_1);
        LogMessage m = parser.parse(raw, 0, raw.length);
        assertThat(Utf8.encode(m.message())).isEqualTo("bad \u00ff here".getBytes(StandardCharsets.ISO_8859_1));
        assertThat(counters.invalidUtf8.sum()).isEqualTo(1);
        SyslogParser sanitizing = new SyslogParser(new ParseOptions(true, true, ZoneOffset.UTC, 65536, false, true), counters);
        assertThat(sanitizing.parse(raw, 0, raw.length).message()).isEqualTo("bad \\xff here");
        assertThat(counters.invalidUtf8.sum()).isEqualTo(2);
        LogMessage ok = parser.parse("<13>Jan  1 00:00:00 h app: caf\u00e9 \u65e5\u672c \ud83d\ude00");
        assertThat(ok.message()).isEqualTo("caf\u00e9 \u65e5\u672c \ud83d\ude00");
        assertThat(counters.invalidUtf8.sum()).isEqualTo(2);
    }

    @Test
    void validate_utf8_and_a_received_bom_mark_the_message_and_the_mark_survives_a_disk_buffer() {
        SyslogParser validating = new SyslogParser(new ParseOptions(true, true, ZoneOffset.UTC, 65536, false, false, true), counters);
        byte[] invalid = "<13>1 2024-01-01T00:00:00Z h app - - - caf\u00e9".getBytes(StandardCharsets.ISO_8859_1);
        assertThat(validating.parse("<13>1 2024-01-01T00:00:00Z h app - - - caf\u00e9").utf8()).isTrue();
        assertThat(validating.parse(invalid, 0, invalid.length).utf8()).isFalse();
        assertThat(parser.parse("<13>1 2024-01-01T00:00:00Z h app - - - caf\u00e9").utf8()).as("not validated").isFalse();
        LogMessage bom = parser.parse("<13>1 2024-01-01T00:00:00Z h app - - - \ufeffcaf\u00e9");
        assertThat(bom.message()).isEqualTo("caf\u00e9");
        assertThat(bom.utf8()).as("a BOM says so").isTrue();

        LogMessage read = MessageCodec.read(MessageCodec.write(bom, java.nio.ByteBuffer.allocate(16)).flip());
        assertThat(read.utf8()).isTrue();
        assertThat(read.pri()).isEqualTo(13);
        assertThat(MessageCodec.read(MessageCodec.write(validating.parse(invalid, 0, invalid.length), java.nio.ByteBuffer.allocate(16)).flip())
                .utf8()).isFalse();
    }

    @Test
    void malformed_frames_never_throw_and_keep_the_text() {
        String[] bad = {"<999>1 x", "<13>1 2024-13-45T99:00:00Z h a p m -", "<13>1 2024-01-01T00:00:00Z h a p m [unterminated", "<", "<>", "",
                "<13>1 2024-01-01T00:00:00Z h a p m [id x=\"y\"]trailing", "\u0000\u0001\u0002"};
        for (String s : bad) {
            LogMessage m = parser.parse(s);
            assertThat(m).isNotNull();
        }
        assertThat(counters.malformed.sum()).isEqualTo(4);
        LogMessage m = parser.parse("<13>1 2024-01-01T00:00:00Z h a p m [unterminated");
        assertThat(m.message()).isEqualTo("<13>1 2024-01-01T00:00:00Z h a p m [unterminated");
        assertThat(m.value(SyslogParser.PARSE_ERROR)).asString().contains("unterminated");
    }

    @Test
    void one_mebibyte_line_is_truncated_to_max_message_size_and_counted() {
        byte[] raw = new byte[1 << 20];
        Arrays.fill(raw, (byte) 'a');
        byte[] head = "<13>Jan  1 00:00:00 h app: ".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(head, 0, raw, 0, head.length);
        LogMessage m = parser.parse(raw, 0, raw.length);
        assertThat(counters.truncated.sum()).isEqualTo(1);
        assertThat(m.message().length()).isEqualTo(65536 - head.length);
    }

    @Test
    void truncation_never_splits_a_utf8_character() {
        SyslogParser small = new SyslogParser(new ParseOptions(false, true, ZoneOffset.UTC, 64, false), counters);
        String s = "x".repeat(63) + "\u00e9\u00e9";
        LogMessage m = small.parse(s);
        assertThat(m.message()).isEqualTo("x".repeat(63));
        assertThat(counters.invalidUtf8.sum()).isZero();
    }

    @Test
    void hand_parsed_iso_timestamps_agree_with_java_time() {
        String[] samples = {"2024-02-29T23:59:59.123456+05:30", "1999-12-31T00:00:00Z", "2003-08-24T05:14:15.000003-07:00",
                "2024-01-01T00:00:00+0100", "2038-01-19T03:14:08.5Z", "1969-07-20T20:17:40-00:00"};
        for (String s : samples) {
            Timestamp fast = SyslogParser.isoTimestamp(s, ZoneOffset.UTC);
            java.time.OffsetDateTime ref = java.time.OffsetDateTime.parse(s.replaceAll("([+-]\\d\\d)(\\d\\d)$", "$1:$2"));
            assertThat(fast.instant()).as(s).isEqualTo(ref.toInstant());
            assertThat(fast.offset()).as(s).isEqualTo(ref.getOffset());
        }
        assertThat(SyslogParser.isoTimestamp("2024-03-01T10:00:00", ZoneId.of("Europe/Paris")).offset()).isEqualTo(ZoneOffset.ofHours(1));
        assertThat(SyslogParser.isoTimestamp("2024-07-01T10:00:00.25", ZoneId.of("Europe/Paris")).instant())
                .isEqualTo(java.time.Instant.parse("2024-07-01T08:00:00.25Z"));
        assertThat(SyslogParser.isoTimestamp("2024-07-01T10:00:00", ZoneOffset.ofHours(-3)).instant())
                .isEqualTo(java.time.Instant.parse("2024-07-01T13:00:00Z"));
    }
}
