package dev.sluice.driver.rewrite;

import dev.sluice.driver.Parser;
import dev.sluice.message.LogMessage;

import java.util.List;

/** {@code type: rewrite}: its rules applied in order; a rewrite never drops a message. */
final class RewriteStep implements Parser {
    private final List<RewriteRule> rules;

    RewriteStep(List<RewriteRule> rules) { this.rules = List.copyOf(rules); }

    @Override
    public boolean process(LogMessage m) {
        for (RewriteRule r : rules) r.apply(m);
        return true;
    }
}
