package dev.sluice.driver.syslog;

import dev.sluice.message.LogMessage;
import dev.sluice.message.SyslogParser;
import dev.sluice.message.Timestamp;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.util.ByteProcessor;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Splits a syslog stream into frames — octet-counted ({@code LEN SP MSG}, RFC 6587) or
 * newline-terminated — and parses each into a message. The framing is decided once per
 * connection, from its first frame: octet counting only when it starts {@code LEN SP <} (a syslog
 * message after the count), so a plain line such as {@code 120 errors in the last hour} is a line,
 * and a newline-framed stream is never taken for counted frames later on. Messages of one read
 * are handed on together at the end of the read. An over-long frame is truncated to
 * {@code log-msg-size} and the rest of it skipped, never buffered.
 */
public final class SyslogFrameDecoder extends ByteToMessageDecoder {
    private final SyslogParser parser;
    private final int maxFrame;
    private final Consumer<LogMessage> perMessage;
    private final BatchSink sink;
    private final byte[] scratch;
    private List<LogMessage> batch = new ArrayList<>(64);
    /** Bytes still to skip of an over-long octet-counted frame, or -1 to skip to the next LF. */
    private long skipping;
    private enum Framing { UNDECIDED, OCTET_COUNTED, LINES }
    private Framing framing = Framing.UNDECIDED;
    /** The receive time of the messages of one read, taken once per read as syslog-ng does per I/O loop pass. */
    private Timestamp received;

    /** Receives the messages of one read. */
    @FunctionalInterface
    public interface BatchSink {
        void accept(ChannelHandlerContext ctx, List<LogMessage> batch);
    }

    public SyslogFrameDecoder(SyslogParser parser, Consumer<LogMessage> perMessage, BatchSink sink) {
        this.parser = parser;
        this.maxFrame = parser.options().maxMessageSize();
        this.perMessage = perMessage;
        this.sink = sink;
        // room for the truncation marker byte so the parser can see the frame was longer
        this.scratch = new byte[maxFrame + 1];
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        received = Timestamp.now();
        while (in.isReadable()) {
            if (skipping != 0) {
                if (!skip(in)) return;
                continue;
            }
            int start = in.readerIndex();
            if (framing == Framing.UNDECIDED && (framing = decide(in, start)) == Framing.UNDECIDED) return;
            if (framing == Framing.OCTET_COUNTED) {
                if (!octetCounted(in, start)) return;
            } else if (!lineFramed(in, start)) {
                return;
            }
        }
    }

    /** Octet counting when the first frame is {@code [1-9][0-9]* SP <}; UNDECIDED while its start has not arrived. */
    private static Framing decide(ByteBuf in, int start) {
        int end = in.writerIndex();
        byte first = in.getByte(start);
        if (first < '1' || first > '9') return Framing.LINES;
        int p = start + 1;
        while (p < end && p - start < 10) {
            byte b = in.getByte(p);
            if (b == ' ') {
                if (p + 1 >= end) return Framing.UNDECIDED;
                return in.getByte(p + 1) == '<' ? Framing.OCTET_COUNTED : Framing.LINES;
            }
            if (b < '0' || b > '9') return Framing.LINES;
            p++;
        }
        return p >= end ? Framing.UNDECIDED : Framing.LINES;
    }

    private boolean octetCounted(ByteBuf in, int start) {
        int end = in.writerIndex();
        long len = 0;
        int p = start;
        while (p < end && p - start < 10) {
            byte b = in.getByte(p);
            if (b == ' ') break;
            if (b < '0' || b > '9') return lineFramed(in, start); // "123abc": not a length, a plain line
            len = len * 10 + (b - '0');
            p++;
        }
        if (p >= end) return false; // wait for the rest of the length
        if (in.getByte(p) != ' ') return lineFramed(in, start);
        int headerLen = p - start + 1;
        if (len > maxFrame) {
            // Parse what fits, skip the remainder as it arrives.
            if (in.readableBytes() - headerLen < maxFrame + 1) return false;
            in.skipBytes(headerLen);
            emit(in, maxFrame + 1);
            skipping = len - (maxFrame + 1);
            return true;
        }
        if (in.readableBytes() - headerLen < len) return false;
        in.skipBytes(headerLen);
        emit(in, (int) len);
        return true;
    }

    private boolean lineFramed(ByteBuf in, int start) {
        int lf = in.forEachByte(start, in.readableBytes(), ByteProcessor.FIND_LF);
        if (lf < 0) {
            if (in.readableBytes() > maxFrame) {
                emit(in, maxFrame + 1);
                skipping = -1;
                return true;
            }
            return false;
        }
        int len = lf - start;
        if (len > maxFrame) {
            emit(in, maxFrame + 1);
            in.readerIndex(lf + 1);
            return true;
        }
        emit(in, len);
        in.skipBytes(1);
        return true;
    }

    private boolean skip(ByteBuf in) {
        if (skipping > 0) {
            int n = (int) Math.min(skipping, in.readableBytes());
            in.skipBytes(n);
            skipping -= n;
            return skipping == 0 || in.isReadable();
        }
        int lf = in.forEachByte(ByteProcessor.FIND_LF);
        if (lf < 0) {
            in.skipBytes(in.readableBytes());
            return false;
        }
        in.readerIndex(lf + 1);
        skipping = 0;
        return true;
    }

    /** Parses len bytes (maxFrame + 1 means "truncated"; the parser cuts and counts it). */
    private void emit(ByteBuf in, int len) {
        int n = Math.min(len, scratch.length);
        in.readBytes(scratch, 0, n);
        LogMessage msg = parser.parse(scratch, 0, n, received);
        perMessage.accept(msg);
        batch.add(msg);
    }

    /**
     * Replaces the base class's version, which calls read() whenever auto-read is off and no message
     * went downstream — always true here, since messages leave through the sink — and so would keep
     * reading while flow control has paused the connection.
     */
    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        discardSomeReadBytes();
        flushBatch(ctx);
        ctx.fireChannelReadComplete();
    }

    @Override
    protected void decodeLast(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws Exception {
        decode(ctx, in, out);
        // A last line without its newline is still a message.
        if (in.isReadable() && skipping == 0) emit(in, Math.min(in.readableBytes(), maxFrame + 1));
        in.skipBytes(in.readableBytes());
        flushBatch(ctx);
    }

    private void flushBatch(ChannelHandlerContext ctx) {
        if (batch.isEmpty()) return;
        List<LogMessage> full = batch;
        batch = new ArrayList<>(Math.max(64, full.size()));
        sink.accept(ctx, full);
    }
}
