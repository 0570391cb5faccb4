package dev.sluice.message;

import java.util.concurrent.atomic.LongAdder;

/** What happened while parsing a source's input; exposed as metrics and in the pipelines endpoint. */
public final class ParseCounters {
    public final LongAdder parsed = new LongAdder();
    public final LongAdder malformed = new LongAdder();
    public final LongAdder invalidUtf8 = new LongAdder();
    public final LongAdder truncated = new LongAdder();
}
