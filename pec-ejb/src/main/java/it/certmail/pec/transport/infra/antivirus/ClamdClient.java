package it.certmail.pec.transport.infra.antivirus;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.logging.Level;
import java.util.logging.Logger;

import it.certmail.pec.transport.domain.ScanResult;
import it.certmail.pec.transport.domain.VirusScanner;

/**
 * Client clamd: scans a stream with clamd's {@code zINSTREAM} command (chunks of {@code [4-byte big-endian
 * length][bytes]}, then a zero length) over TCP or a unix socket, and reads {@code stream: OK},
 * {@code stream: <name> FOUND} or {@code ... ERROR}. The content is streamed chunk by chunk, never held whole.
 * Every problem (clamd down, timeout, clamd's StreamMaxLength exceeded) is a {@link ScanResult.Failed}.
 * Thread-safe: one connection per call.
 */
public final class ClamdClient implements VirusScanner {

    private static final Logger LOG = Logger.getLogger(ClamdClient.class.getName());
    public static final int DEFAULT_CHUNK_SIZE = 64 * 1024;
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** clamd may take a while on large archives; its own MaxScanTime defaults to 120 s. */
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(150);
    private static final int MAX_REPLY = 8192;

    /** Where clamd listens. */
    public sealed interface Address permits Tcp, Unix {
    }

    public record Tcp(String host, int port) implements Address {
        public Tcp {
            Objects.requireNonNull(host, "host");
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("port out of range: " + port);
            }
        }
    }

    public record Unix(Path socket) implements Address {
        public Unix {
            Objects.requireNonNull(socket, "socket");
        }
    }

    private final Address address;
    private final Duration connectTimeout;
    private final Duration readTimeout;
    private final int chunkSize;

    public ClamdClient(Address address, Duration connectTimeout, Duration readTimeout, int chunkSize) {
        this.address = Objects.requireNonNull(address, "address");
        this.connectTimeout = Objects.requireNonNull(connectTimeout, "connectTimeout");
        this.readTimeout = Objects.requireNonNull(readTimeout, "readTimeout");
        if (chunkSize < 1) {
            throw new IllegalArgumentException("chunkSize must be positive");
        }
        this.chunkSize = chunkSize;
    }

    public ClamdClient(Address address) {
        this(address, DEFAULT_CONNECT_TIMEOUT, DEFAULT_READ_TIMEOUT, DEFAULT_CHUNK_SIZE);
    }

    /**
     * Reads the {@code pec.antivirus.clamd} setting: {@code host:port}, or a socket path (absolute, or prefixed
     * {@code unix:}).
     *
     * @throws IllegalArgumentException for a value that is neither
     */
    public static Address parseAddress(String config) {
        String s = Objects.requireNonNull(config, "config").strip();
        if (s.startsWith("unix:")) {
            return new Unix(Path.of(s.substring("unix:".length())));
        }
        if (s.startsWith("/")) {
            return new Unix(Path.of(s));
        }
        int colon = s.lastIndexOf(':');
        if (colon > 0 && s.substring(colon + 1).matches("\\d{1,5}")) {
            String host = s.substring(0, colon);
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            return new Tcp(host, Integer.parseInt(s.substring(colon + 1)));
        }
        throw new IllegalArgumentException("clamd address must be host:port or a socket path: " + config);
    }

    public Address address() {
        return address;
    }

    @Override
    public ScanResult scan(InputStream content) {
        Objects.requireNonNull(content, "content");
        try (Conn c = connect()) {
            c.write("zINSTREAM\0".getBytes(StandardCharsets.US_ASCII));
            byte[] buf = new byte[4 + chunkSize];
            try {
                while (true) {
                    int n = fill(content, buf, 4, chunkSize);
                    if (n <= 0) {
                        break;
                    }
                    putLength(buf, n);
                    c.write(buf, 0, 4 + n);
                }
                putLength(buf, 0);
                c.write(buf, 0, 4);
            } catch (ContentException e) {
                return new ScanResult.Failed("cannot read the content to scan: " + e.getCause().getMessage());
            } catch (IOException e) {
                // clamd closes early when StreamMaxLength is exceeded, after saying why
                String reply = tryRead(c);
                return reply == null ? new ScanResult.Failed("clamd at " + describe() + " failed: " + e.getMessage())
                        : parse(reply);
            }
            return parse(c.readReply());
        } catch (SocketTimeoutException e) {
            return new ScanResult.Failed("clamd at " + describe() + " timed out");
        } catch (IOException e) {
            return new ScanResult.Failed("clamd at " + describe() + " unavailable: " + e.getMessage());
        }
    }

    /** True if clamd answers {@code PONG} to {@code zPING}. */
    public boolean ping() {
        return "PONG".equals(command("zPING\0"));
    }

    /** clamd's {@code zVERSION} answer (engine and signature versions), or null if unreachable. */
    public String version() {
        return command("zVERSION\0");
    }

    private String command(String cmd) {
        try (Conn c = connect()) {
            c.write(cmd.getBytes(StandardCharsets.US_ASCII));
            return c.readReply();
        } catch (IOException e) {
            LOG.log(Level.FINE, "clamd " + cmd.strip() + " failed", e);
            return null;
        }
    }

    static ScanResult parse(String reply) {
        String r = reply.strip();
        if (r.endsWith("ERROR")) {
            return new ScanResult.Failed("clamd: " + r);
        }
        int colon = r.indexOf(": ");
        String verdict = colon >= 0 ? r.substring(colon + 2) : r;
        if (verdict.equals("OK")) {
            return new ScanResult.Clean();
        }
        if (verdict.endsWith(" FOUND")) {
            return new ScanResult.Infected(verdict.substring(0, verdict.length() - " FOUND".length()).strip());
        }
        return new ScanResult.Failed("unexpected clamd reply: " + r);
    }

    private String tryRead(Conn c) {
        try {
            String r = c.readReply();
            return r.isEmpty() ? null : r;
        } catch (IOException e) {
            return null;
        }
    }

    private String describe() {
        return address instanceof Tcp t ? t.host() + ":" + t.port() : ((Unix) address).socket().toString();
    }

    private static void putLength(byte[] buf, int n) {
        buf[0] = (byte) (n >>> 24);
        buf[1] = (byte) (n >>> 16);
        buf[2] = (byte) (n >>> 8);
        buf[3] = (byte) n;
    }

    /** Reads up to {@code len} bytes (fewer only at the end of the content). */
    private static int fill(InputStream in, byte[] buf, int off, int len) throws ContentException {
        int total = 0;
        try {
            while (total < len) {
                int n = in.read(buf, off + total, len - total);
                if (n < 0) {
                    break;
                }
                total += n;
            }
        } catch (IOException e) {
            throw new ContentException(e);
        }
        return total;
    }

    /** The content stream failed (not clamd). */
    private static final class ContentException extends Exception {
        private static final long serialVersionUID = 1L;

        ContentException(IOException cause) {
            super(cause);
        }
    }

    private Conn connect() throws IOException {
        return address instanceof Tcp t ? new TcpConn(t) : new UnixConn((Unix) address);
    }

    /** A clamd connection with timeouts. */
    private abstract static class Conn implements AutoCloseable {

        void write(byte[] b) throws IOException {
            write(b, 0, b.length);
        }

        abstract void write(byte[] b, int off, int len) throws IOException;

        /** Reads one byte, -1 at end of stream. */
        abstract int read() throws IOException;

        /** Reads the reply up to the NUL terminator (z-commands) or the end of the stream. */
        String readReply() throws IOException {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            int c;
            while ((c = read()) > 0 && b.size() < MAX_REPLY) {
                b.write(c);
            }
            return b.toString(StandardCharsets.UTF_8).strip();
        }

        @Override
        public abstract void close() throws IOException;
    }

    private final class TcpConn extends Conn {
        private final Socket socket;
        private final OutputStream out;
        private final InputStream in;

        TcpConn(Tcp t) throws IOException {
            socket = new Socket();
            try {
                socket.connect(new InetSocketAddress(t.host(), t.port()), (int) connectTimeout.toMillis());
                socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, readTimeout.toMillis()));
                out = socket.getOutputStream();
                in = new java.io.BufferedInputStream(socket.getInputStream());
            } catch (IOException e) {
                socket.close();
                throw e;
            }
        }

        @Override
        void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        int read() throws IOException {
            return in.read();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    /** Unix socket channels have no SO_TIMEOUT: non-blocking I/O with a selector gives the timeouts. */
    private final class UnixConn extends Conn {
        private final SocketChannel channel;
        private final Selector selector;
        private final ByteBuffer readBuf = ByteBuffer.allocate(1024).flip();

        UnixConn(Unix u) throws IOException {
            channel = SocketChannel.open(StandardProtocolFamily.UNIX);
            try {
                channel.connect(UnixDomainSocketAddress.of(u.socket()));
                channel.configureBlocking(false);
                selector = Selector.open();
            } catch (IOException e) {
                channel.close();
                throw e;
            }
        }

        @Override
        void write(byte[] b, int off, int len) throws IOException {
            ByteBuffer buf = ByteBuffer.wrap(b, off, len);
            while (buf.hasRemaining()) {
                if (channel.write(buf) == 0) {
                    await(SelectionKey.OP_WRITE);
                }
            }
        }

        @Override
        int read() throws IOException {
            while (!readBuf.hasRemaining()) {
                readBuf.clear();
                int n = channel.read(readBuf);
                readBuf.flip();
                if (n < 0) {
                    return -1;
                }
                if (n == 0) {
                    await(SelectionKey.OP_READ);
                }
            }
            return readBuf.get() & 0xff;
        }

        private void await(int op) throws IOException {
            SelectionKey key = channel.register(selector, op);
            try {
                if (selector.select(Math.max(1, readTimeout.toMillis())) == 0) {
                    throw new SocketTimeoutException("clamd did not answer within " + readTimeout);
                }
                selector.selectedKeys().clear();
            } finally {
                key.interestOps(0);
            }
        }

        @Override
        public void close() throws IOException {
            try {
                selector.close();
            } finally {
                channel.close();
            }
        }
    }
}
