package dev.sluice.driver.csv;

import dev.sluice.driver.TextParser;
import dev.sluice.message.LogMessage;

import java.util.List;

/**
 * {@code type: csv}: syslog-ng's csv-parser. Each value is set as {@code prefix + column}; a line with
 * fewer values leaves the last columns unset and extra values are ignored, unless {@code drop-invalid},
 * which then fails the parser (the message leaves the path).
 */
final class CsvParser extends TextParser {
    private final List<String> columns;
    private final CsvScanner scanner;
    private final boolean dropInvalid;

    CsvParser(Input input, List<String> columns, CsvScanner scanner, boolean dropInvalid) {
        super(input);
        this.columns = List.copyOf(columns);
        this.scanner = scanner;
        this.dropInvalid = dropInvalid;
    }

    @Override
    protected boolean parse(LogMessage m, String text) {
        if (!dropInvalid) {
            scanner.scan(text, (i, v) -> m.setValue(prefix + columns.get(i), v));
            return true;
        }
        String[] values = new String[columns.size()];
        if (!scanner.scan(text, (i, v) -> values[i] = v)) return false; // nothing set: the message is untouched
        for (int i = 0; i < values.length; i++) m.setValue(prefix + columns.get(i), values[i]);
        return true;
    }
}
