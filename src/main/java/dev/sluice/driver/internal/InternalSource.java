package dev.sluice.driver.internal;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import dev.sluice.driver.Source;
import dev.sluice.driver.SourceContext;
import dev.sluice.message.LogMessage;
import dev.sluice.pipeline.Window;
import dev.sluice.template.LocalHost;
import org.slf4j.LoggerFactory;

/**
 * Sluice's own log as messages (syslog-ng's {@code internal()}): PROGRAM {@code sluice}, the level
 * as severity, the logger name in {@code sluice.logger}. Never blocks the code that logs; when its
 * window is full the event is dropped and counted.
 */
public final class InternalSource implements Source {
    private static final ThreadLocal<Boolean> POSTING = ThreadLocal.withInitial(() -> false);
    private final Level threshold;
    private Appender appender;

    InternalSource(Level threshold) { this.threshold = threshold; }

    @Override
    public void start(SourceContext context) {
        LoggerContext lc = (LoggerContext) LoggerFactory.getILoggerFactory();
        appender = new Appender(context, context.newWindow(10_000));
        appender.setContext(lc);
        appender.setName("sluice-internal-" + context.id());
        appender.start();
        lc.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).addAppender(appender);
    }

    @Override
    public void stop() {
        if (appender == null) return;
        LoggerContext lc = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger root = lc.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.detachAppender(appender);
        appender.stop();
    }

    private final class Appender extends AppenderBase<ILoggingEvent> {
        private final SourceContext context;
        private final Window window;

        Appender(SourceContext context, Window window) {
            this.context = context;
            this.window = window;
        }

        @Override
        protected void append(ILoggingEvent e) {
            if (!e.getLevel().isGreaterOrEqual(threshold) || POSTING.get()) return;
            if (window.exhausted()) {
                context.dropped("window-full");
                return;
            }
            POSTING.set(true);
            try {
                LogMessage m = new LogMessage();
                m.setPri((5 << 3) | severity(e.getLevel())); // facility syslog
                m.setHost(LocalHost.NAME);
                m.setProgram("sluice");
                m.setPid(Long.toString(ProcessHandle.current().pid()));
                m.setTransport("internal");
                String text = e.getFormattedMessage();
                if (e.getThrowableProxy() != null) {
                    text += "; " + e.getThrowableProxy().getClassName() + ": " + e.getThrowableProxy().getMessage();
                }
                m.setMessage(text);
                m.setValue("sluice.logger", e.getLoggerName());
                context.post(m, window);
            } finally {
                POSTING.set(false);
            }
        }

        private static int severity(Level l) {
            return switch (l.toInt()) {
                case Level.ERROR_INT -> 3;
                case Level.WARN_INT -> 4;
                case Level.INFO_INT -> 6;
                default -> 7;
            };
        }
    }
}
