package dev.sluice.pipeline;

import dev.sluice.ack.AckOutcome;
import dev.sluice.ack.AckReceiver;
import dev.sluice.ack.JoinedAck;
import dev.sluice.message.LogMessage;

import java.util.ArrayList;
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

    void dispatch(List<LogMessage> batch, AckReceiver receiver) {
        if (simple) {
            paths.get(0).dispatch(batch, receiver);
            return;
        }
        List<List<Segment>> perPath = new ArrayList<>(paths.size());
        for (int i = 0; i < paths.size(); i++) perPath.add(new ArrayList<>());
        boolean[] takes = new boolean[paths.size()];
        for (LogMessage m : batch) {
            int taken = select(m, takes);
            if (taken == 0) {
                sourceCounters.drop("unmatched");
                receiver.settled(m.bookmark(), AckOutcome.DELIVERED);
                continue;
            }
            AckReceiver r = taken == 1 ? receiver : new JoinedAck(receiver, taken);
            boolean first = true;
            for (int i = 0; i < takes.length; i++) {
                if (!takes[i]) continue;
                add(perPath.get(i), first ? m : m.copy(), r);
                first = false;
            }
        }
        for (int i = 0; i < paths.size(); i++) {
            for (Segment s : perPath.get(i)) paths.get(i).dispatch(s.messages, s.receiver);
        }
    }

    /** Marks the paths that take {@code m}; returns how many do. */
    private int select(LogMessage m, boolean[] takes) {
        int taken = 0;
        java.util.Arrays.fill(takes, false);
        for (int i = 0; i < paths.size(); i++) {
            Pipeline p = paths.get(i);
            if (p.fallback()) continue;
            if (p.accepts(m)) {
                takes[i] = true;
                taken++;
                if (p.isFinal()) break;
            }
        }
        if (taken > 0) return taken;
        for (int i = 0; i < paths.size(); i++) {
            Pipeline p = paths.get(i);
            if (p.fallback() && p.accepts(m)) {
                takes[i] = true;
                taken++;
                if (p.isFinal()) break;
            }
        }
        return taken;
    }

    /** Consecutive messages with one receiver go to a path in one dispatch. */
    private static void add(List<Segment> segments, LogMessage m, AckReceiver r) {
        Segment last = segments.isEmpty() ? null : segments.get(segments.size() - 1);
        if (last == null || last.receiver != r) segments.add(last = new Segment(r, new ArrayList<>()));
        last.messages.add(m);
    }

    private record Segment(AckReceiver receiver, List<LogMessage> messages) {}
}
