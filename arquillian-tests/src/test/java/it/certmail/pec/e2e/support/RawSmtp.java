package it.certmail.pec.e2e.support;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * Client SMTP grezzo: sends hand-made bytes exactly as given (dot-stuffed on the wire), over plain TCP, STARTTLS or
 * implicit TLS, with optional AUTH PLAIN. Used for the reception point and for what a well-behaved client would not
 * send (a {@code Bcc:} header, a SIZE beyond the cap). Replies never throw: each step returns the {@link Reply}.
 */
public final class RawSmtp implements Closeable {

    /** A (possibly multi-line) reply. */
    public record Reply(int code, List<String> lines) {
        public boolean positive() {
            return code / 100 == 2 || code / 100 == 3;
        }

        public String text() {
            return String.join(" | ", lines);
        }

        @Override
        public String toString() {
            return code + " " + text();
        }
    }

    /** What happened to one whole transaction; {@code failedAt} names the step that was refused, or null. */
    public record Outcome(Reply last, String failedAt) {
        public boolean accepted() {
            return failedAt == null && last.code() == 250;
        }
    }

    private Socket socket;
    private InputStream in;
    private OutputStream out;
    private final List<String> transcript = new ArrayList<>();

    private RawSmtp() {
    }

    /** Connects in clear (the reception point also offers STARTTLS: see {@link #startTls}). */
    public static RawSmtp plain(int port) throws IOException {
        RawSmtp c = new RawSmtp();
        Socket s = new Socket();
        s.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
        c.attach(s);
        return c;
    }

    /** Connects with TLS from the first byte (as 465). */
    public static RawSmtp implicitTls(int port, SSLContext tls) throws IOException {
        RawSmtp c = new RawSmtp();
        SSLSocket s = (SSLSocket) tls.getSocketFactory().createSocket();
        s.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
        s.startHandshake();
        c.attach(s);
        return c;
    }

    private void attach(Socket s) throws IOException {
        s.setSoTimeout(120_000);
        socket = s;
        in = s.getInputStream();
        out = new BufferedOutputStream(s.getOutputStream());
    }

    public Reply greeting() throws IOException {
        return read();
    }

    public Reply ehlo(String name) throws IOException {
        return command("EHLO " + name);
    }

    /** STARTTLS and a new EHLO; the reply of STARTTLS when it is refused. */
    public Reply startTls(SSLContext tls, String ehloName) throws IOException {
        Reply r = command("STARTTLS");
        if (r.code() != 220) {
            return r;
        }
        SSLSocket s = (SSLSocket) tls.getSocketFactory().createSocket(socket, "127.0.0.1", socket.getPort(), true);
        s.setUseClientMode(true);
        s.startHandshake();
        attach(s);
        return ehlo(ehloName);
    }

    public Reply authPlain(String user, String password) throws IOException {
        String token = Base64.getEncoder().encodeToString(("\0" + user + "\0" + password)
                .getBytes(StandardCharsets.UTF_8));
        return command("AUTH PLAIN " + token);
    }

    public Reply command(String line) throws IOException {
        transcript.add("C: " + line);
        out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
        return read();
    }

    /** MAIL, RCPT for each recipient, DATA and the dot-stuffed message; stops at the first refusal. */
    public Outcome send(String mailFrom, List<String> rcpts, byte[] message) throws IOException {
        Reply r = command("MAIL FROM:<" + mailFrom + ">");
        if (!r.positive()) {
            return new Outcome(r, "MAIL");
        }
        for (String rcpt : rcpts) {
            r = command("RCPT TO:<" + rcpt + ">");
            if (!r.positive()) {
                return new Outcome(r, "RCPT " + rcpt);
            }
        }
        r = command("DATA");
        if (r.code() != 354) {
            return new Outcome(r, "DATA");
        }
        writeDotStuffed(message);
        r = read();
        return new Outcome(r, r.code() == 250 ? null : "end of DATA");
    }

    public void quit() {
        try {
            command("QUIT");
        } catch (IOException ignored) {
            // the server may close first
        }
    }

    public List<String> transcript() {
        return transcript;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    private void writeDotStuffed(byte[] message) throws IOException {
        boolean lineStart = true;
        for (int i = 0; i < message.length; i++) {
            byte b = message[i];
            if (lineStart && b == '.') {
                out.write('.');
            }
            // bare LF becomes CRLF on the wire
            if (b == '\n' && (i == 0 || message[i - 1] != '\r')) {
                out.write('\r');
            }
            out.write(b);
            lineStart = b == '\n';
        }
        if (!lineStart) {
            out.write('\r');
            out.write('\n');
        }
        out.write(".\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    private Reply read() throws IOException {
        List<String> lines = new ArrayList<>();
        while (true) {
            String line = readLine();
            if (line == null) {
                transcript.add("S: <closed>");
                return new Reply(-1, lines.isEmpty() ? List.of("connection closed") : lines);
            }
            transcript.add("S: " + line);
            lines.add(line.length() > 4 ? line.substring(4) : "");
            if (line.length() < 4 || line.charAt(3) != '-') {
                int code;
                try {
                    code = Integer.parseInt(line.substring(0, Math.min(3, line.length())));
                } catch (NumberFormatException e) {
                    code = -1;
                }
                return new Reply(code, lines);
            }
        }
    }

    private String readLine() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != -1) {
            if (c == '\n') {
                byte[] bytes = b.toByteArray();
                int len = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, len, StandardCharsets.UTF_8);
            }
            b.write(c);
        }
        return b.size() == 0 ? null : b.toString(StandardCharsets.UTF_8);
    }
}
