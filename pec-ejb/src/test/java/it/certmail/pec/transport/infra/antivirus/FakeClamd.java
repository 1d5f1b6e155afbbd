package it.certmail.pec.transport.infra.antivirus;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A tiny clamd speaking zPING and zINSTREAM, over TCP or a unix socket, for tests. */
final class FakeClamd implements AutoCloseable {

    enum Mode { NORMAL, SILENT, ERROR, SIZE_LIMIT }

    static final String SIGNATURE = "Fake.Test.Signature";
    static final byte[] MARKER = "INFECTED-MARKER".getBytes(StandardCharsets.US_ASCII);

    private final ServerSocketChannel server;
    private final Thread thread;
    private final Path socketPath;
    volatile Mode mode = Mode.NORMAL;
    /** Stream length clamd accepts in SIZE_LIMIT mode. */
    volatile int sizeLimit = 1024;
    final List<Integer> chunkSizes = new CopyOnWriteArrayList<>();
    volatile long totalReceived;

    private FakeClamd(ServerSocketChannel server, Path socketPath) {
        this.server = server;
        this.socketPath = socketPath;
        this.thread = new Thread(this::serve, "fake-clamd");
        thread.setDaemon(true);
        thread.start();
    }

    static FakeClamd tcp() throws IOException {
        ServerSocketChannel s = ServerSocketChannel.open(StandardProtocolFamily.INET);
        s.bind(new InetSocketAddress("127.0.0.1", 0));
        return new FakeClamd(s, null);
    }

    static FakeClamd unix(Path dir) throws IOException {
        Path p = dir.resolve("clamd.sock");
        ServerSocketChannel s = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        s.bind(UnixDomainSocketAddress.of(p));
        return new FakeClamd(s, p);
    }

    int port() throws IOException {
        return ((InetSocketAddress) server.getLocalAddress()).getPort();
    }

    Path socketPath() {
        return socketPath;
    }

    private void serve() {
        while (server.isOpen()) {
            try (SocketChannel ch = server.accept()) {
                handle(Channels.newInputStream(ch), Channels.newOutputStream(ch));
            } catch (IOException e) {
                // closed, or the client went away
            }
        }
    }

    private void handle(InputStream rawIn, OutputStream out) throws IOException {
        DataInputStream in = new DataInputStream(rawIn);
        ByteArrayOutputStream cmd = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) > 0) {
            cmd.write(c);
        }
        String command = cmd.toString(StandardCharsets.US_ASCII);
        if (command.equals("zPING")) {
            reply(out, "PONG");
            return;
        }
        if (!command.equals("zINSTREAM")) {
            reply(out, command + ": UNKNOWN COMMAND");
            return;
        }
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        while (true) {
            int len = in.readInt();
            if (len == 0) {
                break;
            }
            chunkSizes.add(len);
            byte[] chunk = in.readNBytes(len);
            content.writeBytes(chunk);
            totalReceived = content.size();
            if (mode == Mode.SIZE_LIMIT && content.size() > sizeLimit) {
                reply(out, "INSTREAM size limit exceeded. ERROR");
                return; // closes without reading the rest, as clamd does
            }
        }
        switch (mode) {
            case SILENT -> {
                try {
                    Thread.sleep(3000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            case ERROR -> reply(out, "stream: Can't allocate memory ERROR");
            default -> reply(out, contains(content.toByteArray(), MARKER)
                    ? "stream: " + SIGNATURE + " FOUND" : "stream: OK");
        }
    }

    private static void reply(OutputStream out, String s) throws IOException {
        out.write((s + "\0").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    private static boolean contains(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    @Override
    public void close() throws IOException {
        server.close();
        if (socketPath != null) {
            Files.deleteIfExists(socketPath);
        }
    }
}
