package dev.sluice.driver.csv;

import dev.sluice.config.ConfigNode;
import dev.sluice.driver.DriverContext;
import dev.sluice.driver.DriverFactory;
import dev.sluice.driver.DriverRole;
import dev.sluice.driver.DriverSpec;
import dev.sluice.driver.Parser;
import dev.sluice.driver.TextParser;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code type: csv} parser step, with syslog-ng's options: {@code columns} (required), {@code delimiters}
 * (characters, default a space; or {@code {chars: …, strings: […]}}), {@code quote-pairs} (default
 * {@code ""''}) or {@code quotes}, {@code null}, {@code dialect}, and {@code flags} (escape-none,
 * escape-backslash, escape-backslash-with-sequences, escape-double-char, strip-whitespace, greedy,
 * drop-invalid; without {@code flags}: strip-whitespace), {@code prefix}, {@code template}.
 */
public final class CsvParserFactory implements DriverFactory<Parser> {
    @Override public String type() { return "csv"; }
    @Override public DriverRole role() { return DriverRole.PARSER; }

    @Override
    public Parser create(DriverSpec spec, DriverContext context) {
        List<String> columns = spec.stringList("columns");
        if (columns.isEmpty()) spec.error("columns", "a csv parser needs columns: [name, …]");
        String chars = " ";
        List<String> strings = List.of();
        ConfigNode delimiters = spec.node("delimiters");
        if (delimiters != null && delimiters.isScalar()) chars = delimiters.asString();
        else if (delimiters != null && delimiters.asMap() != null) {
            Map<String, ConfigNode> d = delimiters.asMap();
            chars = d.containsKey("chars") ? d.get("chars").asString() : "";
            strings = d.containsKey("strings") ? strings(d.get("strings")) : List.of();
            for (String k : d.keySet()) if (!k.equals("chars") && !k.equals("strings")) spec.error("delimiters", "unknown key '" + k + "' (chars, strings)");
        } else if (delimiters != null) spec.error("delimiters", "expected characters such as ',' or {chars: …, strings: […]}");
        String starts, ends;
        String quotes = spec.string("quotes", null);
        if (quotes != null) {
            starts = quotes;
            ends = quotes;
        } else {
            String pairs = spec.string("quote-pairs", "\"\"''");
            if (pairs.length() % 2 != 0) spec.error("quote-pairs", "expected pairs of opening and closing characters, got '" + pairs + "'");
            StringBuilder s = new StringBuilder(), e = new StringBuilder();
            for (int i = 0; i + 1 < pairs.length(); i += 2) {
                s.append(pairs.charAt(i));
                e.append(pairs.charAt(i + 1));
            }
            starts = s.toString();
            ends = e.toString();
        }
        CsvScanner.Dialect dialect = spec.choice("dialect", CsvScanner.Dialect.class, CsvScanner.Dialect.ESCAPE_NONE);
        boolean strip = true, greedy = false, dropInvalid = false;
        if (spec.node("flags") != null) {
            strip = false;
            for (String flag : spec.stringList("flags")) {
                switch (flag.trim().replace('_', '-')) {
                    case "escape-none" -> dialect = CsvScanner.Dialect.ESCAPE_NONE;
                    case "escape-backslash" -> dialect = CsvScanner.Dialect.ESCAPE_BACKSLASH;
                    case "escape-backslash-with-sequences" -> dialect = CsvScanner.Dialect.ESCAPE_BACKSLASH_WITH_SEQUENCES;
                    case "escape-double-char" -> dialect = CsvScanner.Dialect.ESCAPE_DOUBLE_CHAR;
                    case "strip-whitespace" -> strip = true;
                    case "greedy" -> greedy = true;
                    case "drop-invalid" -> dropInvalid = true;
                    default -> spec.error("flags", "unknown flag '" + flag + "' (escape-none, escape-backslash, "
                            + "escape-backslash-with-sequences, escape-double-char, strip-whitespace, greedy, drop-invalid)");
                }
            }
        }
        if (chars.isEmpty() && strings.isEmpty()) spec.error("delimiters", "needs at least one delimiter");
        var scanner = new CsvScanner(columns.size(), chars, strings, starts, ends, spec.string("null", null), dialect, strip, greedy);
        return new CsvParser(TextParser.Input.read(spec, context), columns, scanner, dropInvalid);
    }

    private static List<String> strings(ConfigNode n) {
        List<ConfigNode> list = n.asList();
        if (list == null) return List.of(n.asString());
        List<String> out = new ArrayList<>();
        for (ConfigNode s : list) out.add(s.asString());
        return out;
    }
}
