package it.certmail.pec.e2e.support;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Predicate;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * Un server SMTP finto, in the test JVM: accepts every message with 250 and records it, never sends anything
 * back. With an {@link SSLContext} it offers STARTTLS (what a PEC provider's reception point must do) and plays
 * a <em>silent PEC provider</em> (it takes the envelope and never issues a presa in carico or a consegna);
 * without, it is an ordinary mail server of the Internet.
 */
public final class FakeSmtpServer implements Closeable {

    /** One message as received. */
    public record Received(String mailFrom, List<String> rcpts, byte[] data, boolean tls) {
        public String text() {
            return new String(data, StandardCharsets.ISO_8859_1);
        }
    }

    private final String name;
    private final SSLContext tls;
    private final ServerSocket server;
    private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "fake-smtp");
        t.setDaemon(true);
        return t;
    });
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final List<String> transcript = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    /**
     * @param name host name in the greeting
     * @param port the port to listen on (127.0.0.1)
     * @param tls  server context for STARTTLS, or null for none
     */
    public FakeSmtpServer(String name, int port, SSLContext tls) throws IOException {
        this.name = name;
        this.tls = tls;
        this.server = new ServerSocket(port, 50, InetAddress.getLoopbackAddress());
        pool.execute(this::acceptLoop);
    }

    public int port() {
        return server.getLocalPort();
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    public List<String> transcript() {
        return List.copyOf(transcript);
    }

    /** Waits until a received message matches. */
    public Received await(Predicate<Received> filter, Duration timeout, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (Received r : received) {
                if (filter.test(r)) {
                    return r;
                }
            }
            PecServer.sleep(300);
        }
        throw new AssertionError(name + " did not receive " + what + " within " + timeout.toSeconds() + " s; got "
                + received.size() + " messages; transcript tail: "
                + transcript.subList(Math.max(0, transcript.size() - 20), transcript.size()));
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket s = server.accept();
                pool.execute(() -> session(s));
            } catch (IOException e) {
                if (!closed) {
                    transcript.add("accept failed: " + e);
                }
            }
        }
    }

    private void session(Socket socket) {
        Socket s = socket;
        try {
            s.setSoTimeout(60_000);
            InputStream in = new BufferedInputStream(s.getInputStream());
            OutputStream out = new BufferedOutputStream(s.getOutputStream());
            boolean secure = false;
            String from = null;
            List<String> rcpts = new ArrayList<>();
            reply(out, "220 " + name + " ESMTP fake");
            while (true) {
                String line = readLine(in);
                if (line == null) {
                    return;
                }
                transcript.add(name + " C: " + line);
                String upper = line.toUpperCase(Locale.ROOT);
                if (upper.startsWith("EHLO")) {
                    StringBuilder b = new StringBuilder("250-" + name + "\r\n250-8BITMIME\r\n250-SIZE 209715200\r\n");
                    if (tls != null && !secure) {
                        b.append("250-STARTTLS\r\n");
                    }
                    b.append("250 PIPELINING");
                    reply(out, b.toString());
                } else if (upper.startsWith("HELO")) {
                    reply(out, "250 " + name);
                } else if (upper.equals("STARTTLS") && tls != null && !secure) {
                    reply(out, "220 2.0.0 go ahead");
                    SSLSocket ssl = (SSLSocket) tls.getSocketFactory().createSocket(s, null, s.getPort(), true);
                    ssl.setUseClientMode(false);
                    ssl.startHandshake();
                    s = ssl;
                    in = new BufferedInputStream(s.getInputStream());
                    out = new BufferedOutputStream(s.getOutputStream());
                    secure = true;
                    from = null;
                    rcpts.clear();
                } else if (upper.startsWith("MAIL FROM:")) {
                    from = address(line.substring(10));
                    rcpts.clear();
                    reply(out, "250 2.1.0 ok");
                } else if (upper.startsWith("RCPT TO:")) {
                    rcpts.add(address(line.substring(8)));
                    reply(out, "250 2.1.5 ok");
                } else if (upper.equals("DATA")) {
                    reply(out, "354 go ahead");
                    byte[] data = readData(in);
                    received.add(new Received(from, List.copyOf(rcpts), data, secure));
                    transcript.add(name + " got " + data.length + " bytes from " + from + " for " + rcpts);
                    reply(out, "250 2.0.0 ok, queued");
                } else if (upper.equals("RSET")) {
                    from = null;
                    rcpts.clear();
                    reply(out, "250 ok");
                } else if (upper.equals("NOOP")) {
                    reply(out, "250 ok");
                } else if (upper.equals("QUIT")) {
                    reply(out, "221 bye");
                    return;
                } else {
                    reply(out, "502 5.5.2 not implemented");
                }
            }
        } catch (SocketException e) {
            // peer went away
        } catch (IOException e) {
            transcript.add(name + " session failed: " + e);
        } finally {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }

    private static String address(String arg) {
        String a = arg.trim();
        int lt = a.indexOf('<');
        int gt = a.indexOf('>');
        return lt >= 0 && gt > lt ? a.substring(lt + 1, gt) : a.split(" ")[0];
    }

    private void reply(OutputStream out, String text) throws IOException {
        transcript.add(name + " S: " + text.replace("\r\n", " / "));
        out.write((text + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** Reads up to the lone dot, undoing dot-stuffing; CRLF line ends are kept. */
    private static byte[] readData(InputStream in) throws IOException {
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != -1) {
            line.write(c);
            if (c == '\n') {
                byte[] l = line.toByteArray();
                line.reset();
                if (l.length == 3 && l[0] == '.' && l[1] == '\r') {
                    return data.toByteArray();
                }
                int off = l.length > 0 && l[0] == '.' ? 1 : 0;
                data.write(l, off, l.length - off);
            }
        }
        throw new IOException("connection closed inside DATA");
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != -1) {
            if (c == '\n') {
                String s = b.toString(StandardCharsets.UTF_8);
                return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
            }
            b.write(c);
        }
        return b.size() == 0 ? null : b.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws IOException {
        closed = true;
        server.close();
        pool.shutdownNow();
    }
}
