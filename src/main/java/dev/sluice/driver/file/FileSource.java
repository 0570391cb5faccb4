package dev.sluice.driver.file;

import dev.sluice.ack.AckOutcome;
import dev.sluice.ack.AckReceiver;
import dev.sluice.driver.Source;
import dev.sluice.driver.SourceContext;
import dev.sluice.message.LogMessage;
import dev.sluice.message.ParseOptions;
import dev.sluice.message.SyslogParser;
import dev.sluice.pipeline.Window;
import dev.sluice.state.StateStore;
import dev.sluice.template.LocalHost;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code type: file} source: follows a file, or the files a glob in its last path component
 * matches ({@code /var/log/app/*.log}), looking for new lines every {@code follow-freq}. Each line is
 * a message (parsed as syslog unless {@code flags: [no-parse]}), with {@code FILE_NAME} set; the
 * position in each file is saved when its lines are delivered ({@link FileTail}). A file renamed
 * away (logrotate's default) is read to its end and the new file under the name from its start; a
 * file truncated in place (copytruncate) is read again from its start.
 */
final class FileSource implements Source {
    record Settings(Path path, Duration followFreq, boolean fromEnd, ParseOptions parse, int window, int maxLine,
                    java.util.function.Supplier<MultiLine> multiLine) {}

    private static final int LINES_PER_ROUND = 1000;

    private final String id;
    private final Settings settings;
    private final StateStore state;
    private final Map<Path, FileTail> tails = new LinkedHashMap<>();
    private final List<FileTail> retired = new ArrayList<>();
    private volatile boolean stopping;
    private Thread thread;

    FileSource(String id, Settings settings, StateStore state) {
        this.id = id;
        this.settings = settings;
        this.state = state;
    }

    @Override
    public void start(SourceContext context) {
        Window window = context.newWindow(settings.window());
        SyslogParser parser = new SyslogParser(settings.parse(), context.parseCounters());
        AckReceiver acks = new AckReceiver() {
            @Override public void released() { window.release(1); }

            @Override
            public void acknowledged(Object bookmark, AckOutcome outcome) {
                if (bookmark instanceof FileTail.Line l) l.tail.acknowledged(l);
            }
        };
        stopping = false;
        thread = Thread.ofPlatform().name("src-" + id).daemon(true).start(() -> loop(context, window, parser, acks));
    }

    private void loop(SourceContext context, Window window, SyslogParser parser, AckReceiver acks) {
        boolean first = true;
        while (!stopping) {
            int lines = 0;
            try {
                discover(context, first);
                first = false;
                for (FileTail t : allTails()) {
                    window.awaitRoom();
                    int room = Math.max(1, Math.min(LINES_PER_ROUND, window.free()));
                    MultiLine.Emit emit = (text, end) -> {
                        LogMessage m = parser.parse(text, 0, text.length);
                        m.setValue("FILE_NAME", t.path.toString());
                        if (m.host().isEmpty()) m.setHost(LocalHost.NAME);
                        m.setTransport("local+file");
                        m.setBookmark(t.track(end));
                        context.post(m, window, acks);
                    };
                    lines += t.read(room, (text, end) -> t.multiLine.add(text, end, emit));
                    t.multiLine.expire(emit);
                }
                rotate();
                context.recovered();
            } catch (InterruptedException e) {
                break;
            } catch (IOException | RuntimeException e) {
                context.error("reading " + settings.path() + " failed: " + e.getMessage(), e);
            }
            if (lines == 0 && !stopping) {
                try {
                    boolean waiting = allTails().stream().anyMatch(t -> t.multiLine.waiting());
                    // a multi-line message waiting for its timeout is looked at more often than follow-freq
                    Thread.sleep(waiting ? Math.min(settings.followFreq().toMillis(), 100) : settings.followFreq().toMillis());
                } catch (InterruptedException e) {
                    break;
                }
            }
        }
    }

    private List<FileTail> allTails() {
        List<FileTail> all = new ArrayList<>(retired);
        all.addAll(tails.values());
        return all;
    }

    /** Opens the files the path names that are not followed yet; at the first look with {@code fromEnd}, new files start at their end. */
    private void discover(SourceContext context, boolean first) throws IOException {
        for (Path p : matches()) {
            if (tails.containsKey(p)) continue;
            String key = "file-source/" + id + "/" + p;
            resumeRotated(context, p, key);
            boolean known = state != null && state.get(key) != null;
            FileTail t = FileTail.open(p, state, key, settings.fromEnd() && first, known, settings.maxLine());
            t.multiLine = settings.multiLine().get();
            tails.put(p, t);
        }
    }

    /**
     * Files renamed away under {@code name} before their lines were all delivered (a rotation while
     * Sluice was down, or before it had read the old file to its end) are found again in the same
     * directory by their file key and read on from their saved position, before the new file.
     */
    private void resumeRotated(SourceContext context, Path name, String nameKey) throws IOException {
        if (state == null) return;
        List<String> keys = new ArrayList<>(state.keys(nameKey + "@"));
        keys.add(nameKey);
        String current = String.valueOf(FileTail.fileKey(name));
        for (String key : keys) {
            FileTail.Saved saved = FileTail.Saved.of(state.get(key));
            if (saved == null || saved.fileKey().equals(current) || followed(saved.fileKey())) continue;
            Path file = findByKey(name.getParent() == null ? Path.of(".") : name.getParent(), saved.fileKey());
            if (file == null) {
                if (!key.equals(nameKey)) {
                    context.error("file " + name + " was rotated before it was read to its end, and its old file is gone: lines after offset "
                            + saved.offset() + " of it were not read", null);
                    state.remove(key);
                }
                continue;
            }
            FileTail t = FileTail.resume(name, file, saved.fileKey(), saved.offset(), state, nameKey, settings.maxLine());
            t.multiLine = settings.multiLine().get();
            retired.add(t);
        }
    }

    private boolean followed(String fileKey) {
        for (FileTail t : allTails()) if (String.valueOf(t.fileKey).equals(fileKey)) return true;
        return false;
    }

    private static Path findByKey(Path dir, String fileKey) throws IOException {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path f : files) {
                if (Files.isRegularFile(f) && String.valueOf(FileTail.fileKey(f)).equals(fileKey)) return f;
            }
        }
        return null;
    }

    private List<Path> matches() throws IOException {
        Path p = settings.path();
        String name = p.getFileName().toString();
        if (!name.contains("*") && !name.contains("?") && !name.contains("[")) return Files.isRegularFile(p) ? List.of(p) : List.of();
        Path dir = p.getParent() == null ? Path.of(".") : p.getParent();
        if (!Files.isDirectory(dir)) return List.of();
        PathMatcher glob = dir.getFileSystem().getPathMatcher("glob:" + name);
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path f : files) if (Files.isRegularFile(f) && glob.matches(f.getFileName())) out.add(f);
        }
        out.sort(null);
        return out;
    }

    /**
     * A followed file renamed away is read on until it has been at its end and quiet for a while (the
     * program writing it may go on until it reopens its log), then closed; its name is followed
     * again from the new file's start.
     */
    private void rotate() throws IOException {
        for (Iterator<Map.Entry<Path, FileTail>> it = tails.entrySet().iterator(); it.hasNext(); ) {
            FileTail t = it.next().getValue();
            if (t.replaced()) {
                t.retire();
                retired.add(t);
                it.remove(); // discover() opens whatever has the name now
            }
        }
        for (Iterator<FileTail> it = retired.iterator(); it.hasNext(); ) {
            FileTail t = it.next();
            if (t.atEnd() && t.quietFor(retiredQuiet())) {
                t.closeDrained();
                it.remove();
            }
        }
    }

    /** How long a renamed-away file must stay quiet before it is closed: five looks, at least two seconds. */
    private Duration retiredQuiet() {
        Duration five = settings.followFreq().multipliedBy(5);
        return five.compareTo(Duration.ofSeconds(2)) < 0 ? Duration.ofSeconds(2) : five;
    }

    @Override
    public void stop() {
        stopping = true;
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (FileTail t : allTails()) t.close();
        tails.clear();
        retired.clear();
    }
}
