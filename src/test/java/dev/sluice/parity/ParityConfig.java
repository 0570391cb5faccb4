package dev.sluice.parity;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One set of log paths written twice: as a syslog-ng 3.38 configuration and as Sluice's YAML, so
 * that both run the same Python drivers on the same options. Each path (a "row") is a source,
 * optional parsers and a destination; a driver's {@code dir} option is its side's output folder.
 */
final class ParityConfig {
    /** A driver as both configurations name it: {@code python(class("parity.X") options(...))} and {@code {type: python, class: parity.X, options: {...}}}. */
    record Driver(String sngType, String sluiceType, String cls, Map<String, String> options, String sngExtra, String sluiceExtra,
                  boolean autoPersistName) {
        Driver with(String sngExtra, String sluiceExtra) {
            return new Driver(sngType, sluiceType, cls, options, sngExtra, sluiceExtra, autoPersistName);
        }

        /**
         * syslog-ng refuses two drivers of one class with the same persist name, so every Python
         * driver gets {@code persist-name("<row>")} unless the row is about persist names.
         */
        Driver defaultPersistName() {
            return new Driver(sngType, sluiceType, cls, options, sngExtra, sluiceExtra, false);
        }

        private String sngName(String row) {
            return autoPersistName && !sngExtra.contains("persist-name") ? " persist-name(\"" + row + "\")" : "";
        }

        private String sluiceName(String row) {
            return autoPersistName && !sluiceExtra.contains("persist-name") ? ", persist-name: \"" + row + "\"" : "";
        }

        String sng(Path dir, String row) {
            if (sngType.equals("file")) return "file(\"%s/%s.out\" template(\"%s\") %s)".formatted(dir, row, cls, sngExtra);
            if (sngType.equals("network")) return "network(ip(127.0.0.1) transport(tcp) %s)".formatted(sngExtra);
            if (sngType.equals("syslog-in")) return "syslog(ip(127.0.0.1) transport(tcp) %s)".formatted(sngExtra);
            if (sngType.equals("syslog-out")) return "syslog(\"127.0.0.1\" transport(tcp) time-reopen(1) %s)".formatted(sngExtra);
            StringBuilder o = new StringBuilder("\"dir\" \"" + dir + "\" \"row\" \"" + row + "\"");
            options.forEach((k, v) -> o.append(" \"").append(k).append("\" ").append(v.startsWith("=") ? v.substring(1) : '"' + v + '"'));
            return "%s(class(\"%s\") options(%s) %s%s)".formatted(sngType, cls, o, sngExtra, sngName(row));
        }

        String sluice(Path dir, String row) {
            String extra = sluiceExtra.isEmpty() ? "" : ", " + sluiceExtra;
            if (sluiceType.equals("file")) return "{type: file, path: \"%s/%s.out\", template: \"%s\"%s}".formatted(dir, row, cls, extra);
            if (sluiceType.equals("tcp")) return "{type: tcp, ip: 127.0.0.1%s}".formatted(extra);
            if (sluiceType.equals("tcp-out")) return "{type: tcp, host: 127.0.0.1, format: rfc5424, time-reopen: 1s%s}".formatted(extra);
            StringBuilder o = new StringBuilder("dir: \"" + dir + "\", row: \"" + row + "\"");
            options.forEach((k, v) -> o.append(", ").append(k).append(": ").append(v.startsWith("=") ? v.substring(1) : '"' + v + '"'));
            return "{type: %s, class: %s, options: {%s}%s%s}".formatted(sluiceType, cls, o, extra, sluiceName(row));
        }
    }

    /** Option values starting with {@code =} are written bare ({@code 12}), the others quoted ({@code "12"}). */
    static Driver fetcher(String cls, String... options) { return new Driver("python-fetcher", "python-fetcher", cls, map(options), "", "", true); }
    static Driver source(String cls, String... options) { return new Driver("python", "python", cls, map(options), "", "", true); }
    static Driver destination(String cls, String... options) { return new Driver("python", "python", cls, map(options), "", "", true); }
    static Driver parser(String cls, String... options) { return new Driver("python", "python", cls, map(options), "", "", false); }
    /** A file destination {@code <dir>/<row>.out} with a template (in syslog-ng's escaping: {@code \\n}). */
    static Driver file(String template) { return new Driver("file", "file", template, Map.of(), "", "", false); }
    /** A TCP syslog source on a port of each side's own, with {@code flags} in both spellings. */
    static Driver tcp(int sngPort, int sluicePort, String flags) {
        return new Driver("network", "tcp", "", Map.of(), "port(%d)%s".formatted(sngPort, flags.isEmpty() ? "" : " flags(" + flags + ")"),
                "port: %d%s".formatted(sluicePort, flags.isEmpty() ? "" : ", flags: [" + flags + "]"), false);
    }

    /** A framed (octet-counting) syslog source: syslog-ng's syslog(), Sluice's tcp (which detects the framing). */
    static Driver framed(int sngPort, int sluicePort, String flags) {
        return new Driver("syslog-in", "tcp", "", Map.of(), "port(%d) flags(%s)".formatted(sngPort, flags),
                "port: %d, flags: [%s]".formatted(sluicePort, flags), false);
    }

    /** RFC 5424 forwarding over TCP with octet counting: syslog-ng's syslog() destination, Sluice's tcp destination. */
    static Driver forward(int sngPort, int sluicePort) {
        return new Driver("syslog-out", "tcp-out", "", Map.of(), "port(%d)".formatted(sngPort), "port: %d".formatted(sluicePort), false);
    }

    private static Map<String, String> map(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put(kv[i], kv[i + 1]);
        return m;
    }

    private record Row(String name, Driver source, List<Driver> parsers, Driver destination, boolean flowControl) {}

    private final List<Row> rows = new ArrayList<>();
    private String sngGlobal = "";
    private String inlineCode = "import syslogng\n";
    private String interpreter;

    /** Sluice's {@code sluice.python.interpreter} ({@code shared}: one interpreter, as syslog-ng has). */
    ParityConfig interpreter(String mode) {
        interpreter = mode;
        return this;
    }

    /** The inline Python: syslog-ng's {@code python {}} block, Sluice's {@code sluice.python.code}. */
    ParityConfig inlinePython(String code) {
        inlineCode = code;
        return this;
    }

    ParityConfig row(String name, Driver source, Driver destination) {
        return row(name, source, List.of(), destination, false);
    }

    ParityConfig row(String name, Driver source, List<Driver> parsers, Driver destination, boolean flowControl) {
        rows.add(new Row(name, source, parsers, destination, flowControl));
        return this;
    }

    /** Extra global syslog-ng options (inside {@code options { }}). */
    ParityConfig sngOptions(String options) {
        sngGlobal = options;
        return this;
    }

    String syslogNg(Path dir) {
        // 3.38 publishes its persist state to Python only when a python {} block exists (else Persist() aborts it).
        StringBuilder b = new StringBuilder("@version: 3.38\noptions { stats-freq(0); " + sngGlobal + " };\npython {\n" + inlineCode + "};\n");
        for (Row r : rows) {
            b.append("source s_").append(id(r)).append(" { ").append(r.source.sng(dir, r.name)).append("; };\n");
            b.append("destination d_").append(id(r)).append(" { ").append(r.destination.sng(dir, r.name)).append("; };\n");
            b.append("log { source(s_").append(id(r)).append(");");
            for (Driver p : r.parsers) b.append(" parser { ").append(p.sng(dir, r.name)).append("; };");
            b.append(" destination(d_").append(id(r)).append(");").append(r.flowControl ? " flags(flow-control);" : "").append(" };\n");
        }
        return b.toString();
    }

    String sluice(Path dir, Path pythonPath) {
        StringBuilder b = new StringBuilder("sluice:\n  python:\n    path: [" + pythonPath + "]\n");
        if (interpreter != null) b.append("    interpreter: ").append(interpreter).append('\n');
        b.append("    code: |\n");
        for (String line : inlineCode.split("\n")) b.append("      ").append(line).append('\n');
        b.append("  pipelines:\n");
        for (Row r : rows) {
            b.append("    ").append(id(r)).append(":\n");
            if (r.flowControl) b.append("      flow-control: true\n");
            b.append("      sources:\n        s: ").append(r.source.sluice(dir, r.name)).append('\n');
            if (!r.parsers.isEmpty()) {
                b.append("      parsers:\n");
                for (Driver p : r.parsers) b.append("        - ").append(p.sluice(dir, r.name)).append('\n');
            }
            b.append("      destinations:\n        d: ").append(r.destination.sluice(dir, r.name)).append('\n');
        }
        return b.toString();
    }

    private static String id(Row r) { return r.name.replace('-', '_'); }
}
