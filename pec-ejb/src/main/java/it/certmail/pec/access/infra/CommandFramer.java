package it.certmail.pec.access.infra;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;

/**
 * Delimitatore dei comandi: cuts the byte stream into complete commands. A line ending in {@code {n}} or
 * {@code {n+}} (IMAP literals, RFC 3501 §4.3 and RFC 7888) continues with n bytes and a further line; for a
 * synchronising literal the client is told to go on. Lines and whole commands have size limits: what exceeds them
 * is dropped and reported as a {@link FrameError}, never a closed connection.
 */
final class CommandFramer extends ByteToMessageDecoder {

    /** A command that could not be framed; {@code partial} is its beginning (for the tag). */
    record FrameError(byte[] partial, String message) {
    }

    private static final byte[] CRLF = {'\r', '\n'};

    private final int maxLine;
    private final long maxCommand;
    private final boolean literals;
    private final ByteArrayOutputStream frame = new ByteArrayOutputStream();
    private long literalLeft;
    private boolean discardingLiteral;
    private boolean discardingLine;

    CommandFramer(int maxLine, long maxCommand, boolean literals) {
        this.maxLine = maxLine;
        this.maxCommand = maxCommand;
        this.literals = literals;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (in.isReadable()) {
            if (literalLeft > 0) {
                int n = (int) Math.min(in.readableBytes(), literalLeft);
                if (discardingLiteral) {
                    in.skipBytes(n);
                } else {
                    byte[] b = new byte[n];
                    in.readBytes(b);
                    frame.writeBytes(b);
                }
                literalLeft -= n;
                continue;
            }
            int lf = in.indexOf(in.readerIndex(), in.writerIndex(), (byte) '\n');
            if (lf < 0) {
                if (in.readableBytes() > maxLine) {
                    if (!discardingLine) {
                        out.add(new FrameError(start(in), "line too long"));
                    }
                    discardingLine = true;
                    in.skipBytes(in.readableBytes());
                }
                return;
            }
            int len = lf - in.readerIndex();
            byte[] line = new byte[len];
            in.readBytes(line);
            in.skipBytes(1);
            if (len > 0 && line[len - 1] == '\r') {
                line = Arrays.copyOf(line, len - 1);
            }
            if (discardingLine) {
                // the tail of a line already reported
                discardingLine = false;
                discardingLiteral = false;
                frame.reset();
                continue;
            }
            if (line.length > maxLine) {
                out.add(new FrameError(line, "line too long"));
                frame.reset();
                discardingLiteral = false;
                continue;
            }
            long literal = literals ? trailingLiteral(line) : -1;
            if (literal >= 0) {
                boolean sync = line[line.length - 2] != '+';
                if (discardingLiteral || frame.size() + line.length + literal > maxCommand) {
                    if (sync) {
                        // the client waits for "+": it will not send the literal
                        if (!discardingLiteral) {
                            out.add(new FrameError(join(line), "[TOOBIG] literal too large"));
                        }
                        frame.reset();
                        discardingLiteral = false;
                        continue;
                    }
                    if (!discardingLiteral) {
                        out.add(new FrameError(join(line), "[TOOBIG] literal too large"));
                    }
                    discardingLiteral = true;
                    literalLeft = literal;
                    frame.reset();
                    continue;
                }
                frame.writeBytes(line);
                frame.writeBytes(CRLF);
                literalLeft = literal;
                if (sync) {
                    ctx.writeAndFlush(Unpooled.wrappedBuffer("+ go ahead\r\n".getBytes(StandardCharsets.US_ASCII)));
                }
                continue;
            }
            if (discardingLiteral) {
                discardingLiteral = false;
                frame.reset();
                continue;
            }
            frame.writeBytes(line);
            out.add(frame.toByteArray());
            frame.reset();
        }
    }

    private byte[] join(byte[] line) {
        byte[] head = frame.toByteArray();
        byte[] all = Arrays.copyOf(head, head.length + line.length);
        System.arraycopy(line, 0, all, head.length, line.length);
        return all;
    }

    private static byte[] start(ByteBuf in) {
        byte[] b = new byte[Math.min(64, in.readableBytes())];
        in.getBytes(in.readerIndex(), b);
        return b;
    }

    /** n of a trailing {n} or {n+}, else -1. */
    static long trailingLiteral(byte[] line) {
        int end = line.length - 1;
        if (end < 2 || line[end] != '}') {
            return -1;
        }
        int i = end - 1;
        if (line[i] == '+') {
            i--;
        }
        int digitsEnd = i;
        while (i >= 0 && line[i] >= '0' && line[i] <= '9') {
            i--;
        }
        if (i < 0 || line[i] != '{' || i == digitsEnd || digitsEnd - i > 12) {
            return -1;
        }
        return Long.parseLong(new String(line, i + 1, digitsEnd - i, StandardCharsets.US_ASCII));
    }
}
