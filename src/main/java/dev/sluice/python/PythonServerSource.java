package dev.sluice.python;

import dev.sluice.template.LocalHost;
import dev.sluice.driver.Source;
import dev.sluice.driver.SourceContext;
import dev.sluice.message.LogMessage;
import dev.sluice.message.ParseOptions;
import dev.sluice.pipeline.Window;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Value;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code python} source: a server-style LogSource whose run() gets a thread of its own and whose
 * request_exit() is called from the stopping thread. post_message() waits for window room unless
 * the class defines suspend()/wakeup(), in which case it never blocks and the source is told to
 * suspend when the window fills and to wake up when it drains, as in syslog-ng.
 */
final class PythonServerSource extends PythonDriver implements Source {
    private static final Logger log = LoggerFactory.getLogger(PythonServerSource.class);

    record Settings(ParseOptions parse, int window) {}

    private final Settings settings;
    private Thread thread;
    private SourceContext context;
    private Window window;
    private PythonAckTracker acks;
    /** What init() assigned to ack_tracker, read once init() returned. */
    private Value trackerSpec;
    private boolean nonBlocking;
    private volatile boolean suspended;
    private volatile String transport = "python";
    private volatile boolean stopping;

    PythonServerSource(String id, PythonContext py, PythonDriverConfig config, Settings settings) {
        super(id, py, config);
        this.settings = settings;
    }

    @Override
    public void init() {
        trackerSpec = initSource(settings.parse()); // the class checks (run, request_exit, suspend with wakeup) ran when it was resolved
        nonBlocking = has("suspend");
    }

    @Override
    public void start(SourceContext context) {
        this.context = context;
        stopping = false; // a reload rolled back starts a stopped source again
        suspended = false;
        window = context.newWindow(settings.window());
        acks = new PythonAckTracker(window, trackerSpec, id);
        instance.putMember("_sluice", new Handle());
        // Assigned before it starts: post_message() checks it is called from this thread.
        thread = Thread.ofPlatform().name("source-" + id).daemon(true).unstarted(() -> {
            try {
                py.call.execute(instance, "run");
                if (!stopping) context.error("run() returned before request_exit(); the source produces nothing more", null);
            } catch (PolyglotException e) {
                context.error("run() ended with an exception; the source produces nothing more",
                        failure("run", e));
            }
        });
        thread.start();
    }

    static final int FULL = 0, POSTED = 1, NO_TRACKER = 2;

    /** The calls post_message() and friends make into Java. */
    public final class Handle {
        public boolean isRunThread() { return Thread.currentThread() == thread; }

        /**
         * Non-blocking: {@link #FULL} when the window is full (Python then sleeps a little, releasing
         * its lock, and retries), {@link #NO_TRACKER} for a bookmark without an ack tracker (Python
         * raises syslog-ng's RuntimeError: a Java exception would not be an {@code Exception} there).
         */
        public int post(LogMessage m) {
            acks.deliverPending(); // ack callbacks on the posting thread, which holds the interpreter anyway
            if (suspended) {
                log.error("Incorrectly suspended source, dropping message; driver='{}'", id);
                context.dropped("posted-while-suspended");
                return POSTED;
            }
            if (!nonBlocking && window.free() <= 0) return FULL;
            if (m.bookmark() instanceof Value bm) {
                if (!acks.active()) return NO_TRACKER;
                m.setBookmark(acks.track(bm));
            }
            if (m.transport().isEmpty()) m.setTransport(transport);
            if (m.host().isEmpty()) m.setHost(LocalHost.NAME); // as syslog-ng: a local message
            context.post(m, window, acks);
            if (nonBlocking && window.exhausted()) {
                suspended = true;
                py.call.execute(instance, "suspend");
                if (!window.suspend(this::wakeup)) wakeup();
            }
            return POSTED;
        }

        private void wakeup() {
            if (!suspended) return;
            suspended = false;
            callQuietly("wakeup");
        }

        public void closeBatch() { /* messages are handed on as they are posted */ }

        public void setTransportName(String name) { transport = name; }
    }

    @Override
    public void stop() {
        stopping = true;
        if (thread != null) {
            callQuietly("request_exit");
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (thread.isAlive()) log.warn("Python source {}: run() did not return within 10 s of request_exit()", id);
            thread = null;
        }
        if (acks != null) acks.close();
        callQuietly("deinit");
    }

    /** A source whose run() has ended receives nothing: not ready, so its health is DOWN. */
    @Override
    public boolean ready() { return thread != null && thread.isAlive(); }
}
