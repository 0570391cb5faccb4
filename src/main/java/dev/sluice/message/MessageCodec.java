package dev.sluice.message;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The binary form of a message in a disk buffer: header fields, then the typed name-value pairs
 * (strings, numbers, booleans, bytes, stamps, lists and maps). Delivery bookkeeping (bookmark,
 * ack) is not part of it.
 */
public final class MessageCodec {
    private static final byte NULL = 0, STRING = 1, LONG = 2, DOUBLE = 3, BOOL = 4, BYTES = 5, STAMP = 6, LIST = 7, MAP = 8;

    /** Carried in the PRI word, which no PRI reaches: buffers written before the flag read the same. */
    private static final int UTF8_FLAG = 1 << 30;

    private MessageCodec() {}

    /** Appends the message to the buffer, growing it as needed; returns the (possibly new) buffer. */
    public static ByteBuffer write(LogMessage m, ByteBuffer out) {
        Writer w = new Writer(out);
        w.out.putInt(m.pri() | (m.utf8() ? UTF8_FLAG : 0));
        w.stamp(m.stamp());
        w.stamp(m.received());
        w.string(m.host());
        w.string(m.hostFrom());
        w.string(m.program());
        w.string(m.pid());
        w.string(m.msgid());
        w.string(m.message());
        w.string(m.sourceIp());
        w.string(m.transport());
        w.string(m.sourceName());
        w.room(12);
        w.out.putLong(m.seqnum());
        Map<String, Object> values = m.values();
        w.out.putInt(values.size());
        for (Map.Entry<String, Object> e : values.entrySet()) {
            w.string(e.getKey());
            w.value(e.getValue());
        }
        if (!m.tags().isEmpty()) { // last, and only when there are any: records written before tags read the same
            w.room(4);
            w.out.putInt(m.tags().size());
            for (String t : m.tags()) w.string(t);
        }
        return w.out;
    }

    public static LogMessage read(ByteBuffer in) {
        LogMessage m = new LogMessage();
        int pri = in.getInt();
        m.setPri(pri & ~UTF8_FLAG);
        m.setUtf8((pri & UTF8_FLAG) != 0);
        m.setStamp(stamp(in));
        m.setReceived(stamp(in));
        m.setHost(string(in));
        m.setHostFrom(string(in));
        m.setProgram(string(in));
        m.setPid(string(in));
        m.setMsgid(string(in));
        m.setMessage(string(in));
        m.setSourceIp(string(in));
        m.setTransport(string(in));
        m.setSourceName(string(in));
        m.setSeqnum(in.getLong());
        int n = in.getInt();
        for (int i = 0; i < n; i++) {
            String name = string(in);
            m.setValue(name, value(in));
        }
        if (in.hasRemaining()) for (int i = in.getInt(); i > 0; i--) m.setTag(string(in));
        return m;
    }

    private static Timestamp stamp(ByteBuffer in) {
        long micros = in.getLong();
        return new Timestamp(micros, ZoneOffset.ofTotalSeconds(in.getInt()));
    }

    private static String string(ByteBuffer in) {
        int len = in.getInt();
        String s = Utf8.decode(in.array(), in.arrayOffset() + in.position(), len, new Utf8.Decoded()); // raw bytes survive the buffer
        in.position(in.position() + len);
        return s;
    }

    private static Object value(ByteBuffer in) {
        byte type = in.get();
        return switch (type) {
            case NULL -> null;
            case STRING -> string(in);
            case LONG -> in.getLong();
            case DOUBLE -> in.getDouble();
            case BOOL -> in.get() != 0;
            case BYTES -> {
                byte[] b = new byte[in.getInt()];
                in.get(b);
                yield b;
            }
            case STAMP -> stamp(in);
            case LIST -> {
                int n = in.getInt();
                List<Object> list = new ArrayList<>(n);
                for (int i = 0; i < n; i++) list.add(value(in));
                yield list;
            }
            case MAP -> {
                int n = in.getInt();
                Map<String, Object> map = new LinkedHashMap<>();
                for (int i = 0; i < n; i++) map.put(string(in), value(in));
                yield map;
            }
            default -> throw new IllegalArgumentException("unknown value type " + type + " in a buffered message");
        };
    }

    private static final class Writer {
        ByteBuffer out;

        Writer(ByteBuffer out) { this.out = out; }

        void room(int n) {
            if (out.remaining() >= n) return;
            ByteBuffer bigger = ByteBuffer.allocate(Math.max(out.capacity() * 2, out.position() + n + 1024));
            out.flip();
            bigger.put(out);
            out = bigger;
        }

        void stamp(Timestamp t) {
            room(12);
            out.putLong(t.epochMicros());
            out.putInt(t.offset().getTotalSeconds());
        }

        void string(String s) {
            byte[] b = Utf8.encode(s);
            room(4 + b.length);
            out.putInt(b.length);
            out.put(b);
        }

        void value(Object v) {
            room(9);
            switch (v) {
                case null -> out.put(NULL);
                case String s -> {
                    out.put(STRING);
                    string(s);
                }
                case Long l -> out.put(LONG).putLong(l);
                case Integer i -> out.put(LONG).putLong(i);
                case Short i -> out.put(LONG).putLong(i);
                case Double d -> out.put(DOUBLE).putDouble(d);
                case Float f -> out.put(DOUBLE).putDouble(f);
                case Boolean b -> out.put(BOOL).put((byte) (b ? 1 : 0));
                case byte[] b -> {
                    out.put(BYTES).putInt(b.length);
                    room(b.length);
                    out.put(b);
                }
                case Timestamp t -> {
                    out.put(STAMP);
                    stamp(t);
                }
                case List<?> list -> {
                    out.put(LIST).putInt(list.size());
                    for (Object o : list) value(o);
                }
                case Map<?, ?> map -> {
                    out.put(MAP).putInt(map.size());
                    for (Map.Entry<?, ?> e : map.entrySet()) {
                        string(String.valueOf(e.getKey()));
                        value(e.getValue());
                    }
                }
                default -> {
                    out.put(STRING);
                    string(String.valueOf(v));
                }
            }
        }
    }
}
