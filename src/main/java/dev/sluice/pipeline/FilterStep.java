package dev.sluice.pipeline;

import dev.sluice.driver.Parser;
import dev.sluice.filter.Filter;
import dev.sluice.message.LogMessage;

/**
 * {@code {type: filter, expr: …}} among a pipeline's parsers: a message that does not pass leaves
 * this path only (acknowledged as processed); steps run in order, so it can test what a parser before it set.
 */
final class FilterStep implements Parser {
    static final String TYPE = "filter";

    private final Filter filter;

    FilterStep(Filter filter) { this.filter = filter; }

    @Override
    public boolean process(LogMessage message) { return filter.matches(message); }
}
