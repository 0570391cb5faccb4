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

import java.time.Duration;

/**
 * {@code python-fetcher}: a LogFetcher on a thread of its own. fetch() is called while the window
 * has room; results follow syslog-ng (TRY_AGAIN at once, NO_DATA after fetch-no-data-delay,
 * NOT_CONNECTED reopens after time-reopen without close(), ERROR closes and reopens).
 */
final class PythonFetcherSource extends PythonDriver implements Source {
    private static final Logger log = LoggerFactory.getLogger(PythonFetcherSource.class);
    private static final int ERROR = 0, NOT_CONNECTED = 1, TRY_AGAIN = 3, NO_DATA = 4;

    record Settings(ParseOptions parse, int window, Duration noDataDelay, Duration timeReopen) {}

    private final Settings settings;
    private volatile boolean stopping;
    private volatile boolean sleeping;
    /** The last fetch() raised: its health is DOWN until one returns. */
    private boolean failed;
    private Thread thread;
    private PythonAckTracker acks;
    /** What init() assigned to ack_tracker, read once init() returned. */
    private Value trackerSpec;
    private Value fetch;
    private String transport = "python-fetcher";

    PythonFetcherSource(String id, PythonContext py, PythonDriverConfig config, Settings settings) {
        super(id, py, config);
        this.settings = settings;
    }

    @Override
    public void init() {
        trackerSpec = initSource(settings.parse());
    }

    @Override
    public void start(SourceContext context) {
        stopping = false; // a reload rolled back starts a stopped source again
        Window window = context.newWindow(settings.window());
        acks = new PythonAckTracker(window, trackerSpec, id);
        instance.putMember("_sluice", new Handle());
        fetch = py.fetcher.execute(instance);
        thread = Thread.ofPlatform().name("fetcher-" + id).daemon(true).start(() -> loop(context, window));
    }

    /** What the Python side may call on its source (set_transport_name). */
    public final class Handle {
        public void setTransportName(String name) { transport = name; }
    }

    private void loop(SourceContext context, Window window) {
        boolean opened = false;
        while (!stopping) {
            try {
                if (!opened) {
                    opened = open(context);
                    if (!opened) {
                        pause(settings.timeReopen());
                        continue;
                    }
                }
                sleeping = true;
                try {
                    window.awaitRoom();
                } finally {
                    sleeping = false;
                }
                if (stopping) break;
                acks.deliverPending(); // ack callbacks on this thread, between fetches: no lock hand-off with the hot path
                Object result = fetchOnce(context);
                if (result instanceof LogMessage m) {
                    if (m.bookmark() instanceof Value bm) {
                        if (!acks.active()) {
                            log.error("Error in Python fetcher, bookmarks can not be used without creating an AckTracker instance "
                                    + "(self.ack_tracker); driver='{}', class='{}'", id, config.className());
                            context.dropped("bookmark-without-ack-tracker");
                            opened = closeAfterError();
                            continue;
                        }
                        m.setBookmark(acks.track(bm));
                    }
                    if (m.transport().isEmpty()) m.setTransport(transport);
                    if (m.host().isEmpty()) m.setHost(LocalHost.NAME); // as syslog-ng: a local message
                    context.post(m, window, acks);
                    continue;
                }
                switch ((Integer) result) {
                    case TRY_AGAIN -> { }
                    case NO_DATA -> pause(settings.noDataDelay());
                    case NOT_CONNECTED -> {
                        log.info("Fetcher disconnected while receiving messages, reconnecting; driver='{}'", id);
                        opened = false;
                        pause(settings.timeReopen());
                    }
                    default -> {
                        log.error("Error during fetching messages; driver='{}'", id);
                        opened = closeAfterError();
                    }
                }
            } catch (InterruptedException e) {
                break;
            }
        }
        if (opened) callQuietly("close");
    }

    private boolean open(SourceContext context) {
        try {
            return py.open.execute(instance).asBoolean();
        } catch (PolyglotException e) {
            context.error("open() raised; trying again after time-reopen", failure("open", e));
            return false;
        }
    }

    /** The host message on SUCCESS, else the result code; a raising or malformed fetch() counts as ERROR. */
    private Object fetchOnce(SourceContext context) {
        try {
            Value r = fetch.execute();
            if (failed) {
                failed = false;
                context.recovered();
            }
            return r.isHostObject() ? r.asHostObject() : (Object) r.asInt();
        } catch (PolyglotException e) {
            failed = true;
            context.error("fetch() raised; closing and reopening after time-reopen", failure("fetch", e));
            return ERROR;
        }
    }

    private boolean closeAfterError() throws InterruptedException {
        callQuietly("close");
        pause(settings.timeReopen());
        return false;
    }

    private void pause(Duration d) throws InterruptedException {
        if (d.isZero()) return;
        sleeping = true;
        try {
            if (!stopping) Thread.sleep(d);
        } finally {
            sleeping = false;
        }
    }

    @Override
    public void stop() {
        stopping = true;
        boolean exitRequested = false;
        if (thread != null) {
            if (sleeping) thread.interrupt();
            try {
                // Idle, the fetcher thread closes at once: then the order is syslog-ng's (close,
                // request_exit, deinit). A fetch() still running gets request_exit() to interrupt it.
                thread.join(500);
                if (thread.isAlive()) {
                    exitRequested = true;
                    if (instance != null && has("request_exit")) callQuietly("request_exit");
                    thread.join(10_000);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (!exitRequested && thread != null && has("request_exit")) callQuietly("request_exit");
        thread = null;
        if (acks != null) acks.close();
        callQuietly("deinit");
    }

    @Override
    public boolean ready() { return thread != null && thread.isAlive(); }
}
