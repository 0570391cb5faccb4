package dev.sluice.ack;

/**
 * Ordered acknowledgements over a stream read in order: every entry read gets a ticket, acks may
 * arrive in any order, and only the contiguous acknowledged prefix counts as done. A reader that
 * resumes from {@link #committed()} after a crash therefore sees again every entry that was not
 * acknowledged, whatever order the acks came in (a destination that answers QUEUED for some
 * messages and SUCCESS for later ones, or several workers).
 *
 * <p>Each entry carries where it ends in the stream and how many bytes it takes; the ledger is a
 * ring of those, grown when needed. Thread-safe: reading and acknowledging may be on different threads.
 */
public final class AckLedger {
    private long[] ends = new long[1024];
    private int[] sizes = new int[1024];
    private boolean[] acked = new boolean[1024];
    /** Ticket of the oldest unacknowledged entry, and of the next entry to be read. */
    private long head;
    private long tail;
    private long committed;

    /** What the prefix advanced over when an ack arrived. */
    public record Advance(long committed, long bytes, int entries) {
        public boolean moved() { return entries > 0; }
    }

    private static final Advance NONE = new Advance(-1, 0, 0);

    public AckLedger(long committed) { this.committed = committed; }

    /** Records an entry just read, ending at {@code end}; returns its ticket. */
    public synchronized long read(long end, int bytes) {
        if (tail - head == ends.length) grow();
        int i = slot(tail);
        ends[i] = end;
        sizes[i] = bytes;
        acked[i] = false;
        return tail++;
    }

    /** Acknowledges a ticket; returns how far the contiguous prefix moved (often not at all). */
    public synchronized Advance ack(long ticket) {
        if (ticket < head || ticket >= tail) throw new IllegalStateException("ticket " + ticket + " acknowledged twice or never read");
        int s = slot(ticket);
        if (acked[s]) throw new IllegalStateException("ticket " + ticket + " acknowledged twice");
        acked[s] = true;
        if (ticket != head) return NONE;
        long bytes = 0;
        int n = 0;
        while (head < tail && acked[slot(head)]) {
            int i = slot(head);
            committed = ends[i];
            bytes += sizes[i];
            acked[i] = false;
            head++;
            n++;
        }
        return new Advance(committed, bytes, n);
    }

    /** The end of the contiguous acknowledged prefix: where a reader resumes after a restart. */
    public synchronized long committed() { return committed; }

    /** Entries read and not yet part of the acknowledged prefix. */
    public synchronized long outstanding() { return tail - head; }

    /** With nothing outstanding, moves the committed position forward (the reader skipped an empty stretch). */
    public synchronized boolean skipTo(long position) {
        if (tail != head) return false;
        committed = position;
        return true;
    }

    private int slot(long ticket) { return (int) (ticket % ends.length); }

    private void grow() {
        int n = ends.length;
        long[] e = new long[n * 2];
        int[] s = new int[n * 2];
        boolean[] a = new boolean[n * 2];
        for (long t = head; t < tail; t++) {
            int from = (int) (t % n);
            int to = (int) (t % (n * 2));
            e[to] = ends[from];
            s[to] = sizes[from];
            a[to] = acked[from];
        }
        ends = e;
        sizes = s;
        acked = a;
    }
}
