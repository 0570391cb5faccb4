package dev.sluice.python;

import dev.sluice.message.LogMessage;
import dev.sluice.message.ParseCounters;
import dev.sluice.message.ParseOptions;
import dev.sluice.message.SyslogParser;
import org.graalvm.polyglot.Value;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.ZoneId;

/**
 * Runs synthetic messages through the Python message bridge once, when the engine starts, in an
 * interpreter of its own that is closed afterwards. On a stock JDK the first seconds of Python
 * traffic otherwise run interpreted while the Graal compiler (itself plain Java, not yet compiled)
 * and the bridge are compiled on the same cores; doing that before any source opens moves the cost
 * to start-up, where flow control is not holding senders back. Only Sluice's own
 * {@code _sluice_warmup} drivers run: a user's send() or parse() is never called on invented data.
 */
public final class PythonWarmUp {
    private static final Logger log = LoggerFactory.getLogger(PythonWarmUp.class);
    private static final String[] LINES = {
            "<134>Oct 11 22:14:15 web-01 nginx[1201]: warm-up GET /index.html 200 512",
            "<11>2026-10-11T22:14:15.123+02:00 db-07 pay[88]: warm-up payment declined id=4711",
            "<30>1 2026-10-11T22:14:15.003Z app-3 app 42 ID7 [x@1 k=\"v\"] warm-up structured line",
            "<165>Oct  1 01:02:03 mail postfix/smtpd[9]: warm-up connect from unknown[10.0.0.1]",
    };

    private final int messages;
    private final Duration budget;

    /** At most {@code messages} through each driver, stopping early when {@code budget} has passed. */
    PythonWarmUp(int messages, Duration budget) {
        this.messages = messages;
        this.budget = budget;
    }

    boolean enabled() { return messages > 0 && !budget.isZero(); }

    /** What a warm-up did: messages through each driver, and how long it took. */
    public record Outcome(int messages, long millis) {
        @Override
        public String toString() { return "Python warm-up: " + messages + " synthetic messages through the bridge in " + millis + " ms"; }
    }

    Outcome run(PythonContext py) {
        long t0 = System.nanoTime();
        long deadline = t0 + budget.toNanos();
        SyslogParser syslog = new SyslogParser(
                new ParseOptions(true, true, ZoneId.systemDefault(), ParseOptions.DEFAULT_MAX_MESSAGE_SIZE, false), new ParseCounters());
        LogMessage[] sample = new LogMessage[LINES.length];
        for (int i = 0; i < LINES.length; i++) sample[i] = syslog.parse(LINES[i]);
        Value dest = py.sender.execute(py.evalValue("import _sluice_warmup\n_sluice_warmup.WarmUpDestination()"), null);
        Value parser = py.parser.execute(py.evalValue("_sluice_warmup.WarmUpParser()"));
        int n = 0;
        while (n < messages && ((n & 1023) != 0 || System.nanoTime() < deadline)) {
            LogMessage m = sample[n & 3];
            parser.execute(m);
            dest.execute(m);
            n++;
        }
        Outcome outcome = new Outcome(n, (System.nanoTime() - t0) / 1_000_000);
        log.info("{}", outcome);
        return outcome;
    }
}
