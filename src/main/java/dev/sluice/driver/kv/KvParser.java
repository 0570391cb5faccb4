package dev.sluice.driver.kv;

import dev.sluice.driver.TextParser;
import dev.sluice.message.LogMessage;

/**
 * {@code type: kv}: syslog-ng's kv-parser. Every pair found is set as {@code prefix + key}; like
 * 3.38 it never fails (text without pairs only yields stray words, kept in
 * {@code extract-stray-words-into} when that is set).
 */
final class KvParser extends TextParser {
    private final KvScanner scanner;
    private final String strayWords;

    KvParser(Input input, KvScanner scanner, String strayWords) {
        super(input);
        this.scanner = scanner;
        this.strayWords = strayWords == null || strayWords.isEmpty() ? null : strayWords;
    }

    @Override
    protected boolean parse(LogMessage m, String text) {
        String stray = scanner.scan(text, (k, v) -> m.setValue(prefix + k, v));
        if (strayWords != null) m.setValue(strayWords, stray);
        return true;
    }
}
