package dev.sluice.message;

import dev.sluice.ack.AckHandle;
import dev.sluice.ack.AckReceiver;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One log message: the syslog header fields, typed name-value pairs and the delivery bookkeeping.
 * A message is written by one thread at a time: the source's thread while it is parsed, then it is
 * read-only once the pipeline has fanned it out to destinations.
 */
public final class LogMessage {
    /** user.notice, the PRI syslog-ng gives a message that did not carry one. */
    public static final int DEFAULT_PRI = 13;

    private int pri = DEFAULT_PRI;
    private Timestamp stamp;
    private Timestamp received;
    private String host = "";
    private String hostFrom = "";
    private String program = "";
    private String pid = "";
    private String msgid = "";
    private String message = "";
    private String sourceIp = "";
    private String transport = "";
    private String sourceName = "";
    private long seqnum;
    private boolean utf8;
    /** syslog-ng's tags: the source's {@code tags} and {@code .source.<name>}; null when there are none. */
    private List<String> tags;
    /** The tags list is a source's own (immutable, shared by its messages) until a tag is added. */
    private boolean tagsShared;
    /** Name-value pairs other than the header fields, including {@code .SDATA.*}, in insertion order. */
    private Map<String, Object> values;
    private Object bookmark;
    private AckHandle ack;
    /** Who hears of this copy's fate when it is not its batch's receiver (a message several log paths took). */
    private AckReceiver receiver;

    public LogMessage() {
        this(Timestamp.now());
    }

    /** A message received at {@code received}, which is also its stamp until a parser reads one. */
    public LogMessage(Timestamp received) {
        this.received = received;
        this.stamp = received;
    }

    /**
     * A copy for another log path (as syslog-ng clones): the same fields, values, tags and bookmark,
     * so that what one path's parsers change the other never sees; its acknowledgement is its own.
     */
    public LogMessage copy() {
        LogMessage c = new LogMessage(received);
        c.pri = pri;
        c.stamp = stamp;
        c.host = host;
        c.hostFrom = hostFrom;
        c.program = program;
        c.pid = pid;
        c.msgid = msgid;
        c.message = message;
        c.sourceIp = sourceIp;
        c.transport = transport;
        c.sourceName = sourceName;
        c.seqnum = seqnum;
        c.utf8 = utf8;
        if (tags != null) {
            c.tags = tags;
            c.tagsShared = true;
            tagsShared = true; // both now share the list: whichever adds a tag copies it first
        }
        if (values != null) c.values = new LinkedHashMap<>(values);
        c.bookmark = bookmark;
        return c;
    }

    public int pri() { return pri; }
    public void setPri(int pri) { this.pri = pri; }
    public int facility() { return (pri >> 3); }
    public int severity() { return pri & 7; }

    public Timestamp stamp() { return stamp; }
    public void setStamp(Timestamp stamp) { this.stamp = stamp; }
    public Timestamp received() { return received; }
    public void setReceived(Timestamp received) { this.received = received; }

    public String host() { return host; }
    public void setHost(String host) { this.host = nonNull(host); }
    public String hostFrom() { return hostFrom; }
    public void setHostFrom(String hostFrom) { this.hostFrom = nonNull(hostFrom); }
    public String program() { return program; }
    public void setProgram(String program) { this.program = nonNull(program); }
    public String pid() { return pid; }
    public void setPid(String pid) { this.pid = nonNull(pid); }
    public String msgid() { return msgid; }
    public void setMsgid(String msgid) { this.msgid = nonNull(msgid); }
    public String message() { return message; }
    public void setMessage(String message) { this.message = nonNull(message); }
    public String sourceIp() { return sourceIp; }
    public void setSourceIp(String sourceIp) { this.sourceIp = nonNull(sourceIp); }
    public String transport() { return transport; }
    public void setTransport(String transport) { this.transport = nonNull(transport); }
    public String sourceName() { return sourceName; }
    public void setSourceName(String sourceName) { this.sourceName = nonNull(sourceName); }
    public long seqnum() { return seqnum; }
    public void setSeqnum(long seqnum) { this.seqnum = seqnum; }

    /**
     * Known to be valid UTF-8 (syslog-ng's validate-utf8, or an RFC 5424 message that came with a
     * BOM): RFC 5424 output then marks its MSG with a BOM, as RFC 5424 §6.4 asks.
     */
    public boolean utf8() { return utf8; }
    public void setUtf8(boolean utf8) { this.utf8 = utf8; }

    public List<String> tags() { return tags == null ? List.of() : Collections.unmodifiableList(tags); }

    public void setTag(String tag) {
        if (tags != null && tags.contains(tag)) return;
        if (tags == null || tagsShared) {
            tags = tags == null ? new ArrayList<>(2) : new ArrayList<>(tags);
            tagsShared = false;
        }
        tags.add(tag);
    }

    /** Removes a tag (syslog-ng's clear-tag); copies a shared list first. */
    public void clearTag(String tag) {
        if (tags == null || !tags.contains(tag)) return;
        List<String> left = new ArrayList<>(tags);
        left.remove(tag);
        tags = left;
        tagsShared = false;
    }

    /** Adds a source's tags; an untagged message shares the (immutable) list instead of copying it. */
    public void addTags(List<String> sourceTags) {
        if (tags == null) {
            tags = sourceTags;
            tagsShared = true;
        } else {
            for (String t : sourceTags) setTag(t);
        }
    }

    public Object bookmark() { return bookmark; }
    public void setBookmark(Object bookmark) { this.bookmark = bookmark; }
    public AckHandle ack() { return ack; }

    /** The receiver of this message's acknowledgement: its own if it has one (see {@link #setReceiver}), else {@code batch}'s. */
    public AckReceiver receiver(AckReceiver batch) { return receiver != null ? receiver : batch; }

    public void setReceiver(AckReceiver receiver) { this.receiver = receiver; }
    public void setAck(AckHandle ack) { this.ack = ack; }

    /** Typed value of a name-value pair (not a header field or macro); null when unset. */
    public Object value(String name) {
        return values == null ? null : values.get(name);
    }

    public void setValue(String name, Object value) {
        if (values == null) values = new LinkedHashMap<>(16);
        values.put(name, value);
    }

    public Object removeValue(String name) {
        return values == null ? null : values.remove(name);
    }

    public Map<String, Object> values() {
        return values == null ? Map.of() : Collections.unmodifiableMap(values);
    }

    public Set<String> valueNames() {
        return values == null ? Set.of() : Collections.unmodifiableSet(values.keySet());
    }

    private static String nonNull(String s) { return s == null ? "" : s; }

    @Override
    public String toString() {
        return "LogMessage{pri=" + pri + ", host=" + host + ", program=" + program + ", message=" + message + "}";
    }
}
