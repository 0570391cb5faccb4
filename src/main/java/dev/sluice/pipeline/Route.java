package dev.sluice.pipeline;

import dev.sluice.ack.AckOutcome;
import dev.sluice.ack.AckReceiver;
import dev.sluice.ack.JoinedAck;
import dev.sluice.message.LogMessage;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The log paths one source feeds, in declaration order, as syslog-ng walks them: a path takes a
 * message when its filter passes; after a {@code final} path that took it the walk stops; the
 * {@code fallback} paths get what no other path took. A message several paths take is copied for
 * each (a path never sees another's changes) and acknowledged to the source once all are done.
 */
final class Route {
    private final List<Pipeline> paths;
    private final boolean simple;
    private final boolean flowControl;
    private final DriverCounters sourceCounters;

    Route(List<Pipeline> paths, DriverCounters sourceCounters) {
        this.paths = List.copyOf(paths);
        this.sourceCounters = sourceCounters;
        this.simple = paths.size() == 1 && paths.get(0).filter() == null;
        this.flowControl = paths.stream().anyMatch(Pipeline::flowControl);
    }

    /** With flow control on any of its paths, the source holds its window until every path is done. */
    boolean flowControl() { return flowControl; }

    List<Pipeline> paths() { return paths; }

    void enter() { for (Pipeline p : paths) p.enter(); }

    void exit() { for (Pipeline p : paths) p.exit(); }

    /** Each path gets its share of the batch in one dispatch; a shared message's copies carry their joined receiver. */
    void dispatch(List<LogMessage> batch, AckReceiver receiver) {
        if (simple) {
            paths.get(0).dispatch(batch, receiver);
            return;
        }
        int n = paths.size();
        List<List<LogMessage>> perPath = new ArrayList<>(n);
        for (int i = 0; i < n; i++) perPath.add(new ArrayList<>(batch.size()));
        boolean[] takes = new boolean[n];
        long[] matched = new long[n], filtered = new long[n];
        long unmatched = 0;
        for (LogMessage m : batch) {
            int taken = select(m, takes, matched, filtered);
            if (taken == 0) {
                unmatched++;
                receiver.settled(m.bookmark(), AckOutcome.DELIVERED);
                continue;
            }
            AckReceiver joined = taken == 1 ? null : new JoinedAck(receiver, taken);
            boolean first = true;
            for (int i = 0; i < n; i++) {
                if (!takes[i]) continue;
                LogMessage copy = first ? m : m.copy();
                if (joined != null) copy.setReceiver(joined);
                perPath.get(i).add(copy);
                first = false;
            }
        }
        if (unmatched > 0) sourceCounters.drop("unmatched", unmatched);
        for (int i = 0; i < n; i++) {
            paths.get(i).countFilter(matched[i], filtered[i]);
            if (!perPath.get(i).isEmpty()) paths.get(i).dispatch(perPath.get(i), receiver);
        }
    }

    /** Marks the paths that take {@code m}; returns how many do. */
    private int select(LogMessage m, boolean[] takes, long[] matched, long[] filtered) {
        Arrays.fill(takes, false);
        int taken = walk(m, takes, matched, filtered, false);
        return taken > 0 ? taken : walk(m, takes, matched, filtered, true);
    }

    /** The ordinary paths, or (when none took the message) the fallback ones, in order until a final one takes it. */
    private int walk(LogMessage m, boolean[] takes, long[] matched, long[] filtered, boolean fallbacks) {
        int taken = 0;
        for (int i = 0; i < paths.size(); i++) {
            Pipeline p = paths.get(i);
            if (p.fallback() != fallbacks) continue;
            if (p.filter() != null) {
                if (!p.filter().matches(m)) {
                    filtered[i]++;
                    continue;
                }
                matched[i]++;
            }
            takes[i] = true;
            taken++;
            if (p.isFinal()) break;
        }
        return taken;
    }
}
