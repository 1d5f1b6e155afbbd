package it.certmail.pec.transport.infra.smtp;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/** A byte-level SMTP client for tests: sends exactly what it is told and returns whole (multi-line) replies. */
final class RawSmtpClient implements AutoCloseable {

    private Socket socket;
    private InputStream in;
    private OutputStream out;

    private RawSmtpClient(Socket socket) throws IOException {
        use(socket);
    }

    static RawSmtpClient plain(int port) throws IOException {
        Socket s = new Socket("127.0.0.1", port);
        s.setSoTimeout(20_000);
        return new RawSmtpClient(s);
    }

    static RawSmtpClient implicitTls(int port, SSLContext ctx) throws IOException {
        SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket("localhost", port);
        s.setSoTimeout(20_000);
        s.startHandshake();
        return new RawSmtpClient(s);
    }

    private void use(Socket s) throws IOException {
        this.socket = s;
        this.in = new BufferedInputStream(s.getInputStream());
        this.out = s.getOutputStream();
    }

    /** Reads one reply (all its lines), e.g. the greeting. */
    String reply() throws IOException {
        StringBuilder all = new StringBuilder();
        while (true) {
            String line = line();
            if (line == null) {
                throw new IOException("connection closed; so far: " + all);
            }
            all.append(line).append('\n');
            if (line.length() < 4 || line.charAt(3) != '-') {
                return all.toString().strip();
            }
        }
    }

    /** Bytes as they are, no reply awaited. */
    void sendRaw(String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    String command(String cmd) throws IOException {
        out.write((cmd + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return reply();
    }

    String startTls(SSLContext ctx) throws IOException {
        String r = command("STARTTLS");
        if (r.startsWith("220")) {
            SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket(socket, "localhost", socket.getPort(), true);
            s.setUseClientMode(true);
            s.startHandshake();
            use(s);
        }
        return r;
    }

    String authPlain(String user, String password) throws IOException {
        String token = Base64.getEncoder().encodeToString(
                ("\0" + user + "\0" + password).getBytes(StandardCharsets.UTF_8));
        return command("AUTH PLAIN " + token);
    }

    void socketTimeout(int millis) throws IOException {
        socket.setSoTimeout(millis);
    }

    /** DATA with {@code wire} already dot-stuffed and terminated as the caller wants. */
    String data(byte[] wire) throws IOException {
        if (wire == null) {
            // the message was sent already (by pieces): only its end
            sendRaw("\r\n.\r\n");
            return reply();
        }
        String r = command("DATA");
        if (!r.startsWith("354")) {
            return r;
        }
        out.write(wire);
        out.flush();
        return reply();
    }

    /** Dot-stuffs {@code message} (CRLF lines) and appends the terminator. */
    static byte[] stuff(byte[] message) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        boolean lineStart = true;
        for (int i = 0; i < message.length; i++) {
            byte c = message[i];
            if (lineStart && c == '.') {
                b.write('.');
            }
            b.write(c);
            lineStart = c == '\n' && i > 0 && message[i - 1] == '\r';
        }
        if (message.length < 2 || message[message.length - 2] != '\r' || message[message.length - 1] != '\n') {
            b.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        b.writeBytes(".\r\n".getBytes(StandardCharsets.US_ASCII));
        return b.toByteArray();
    }

    List<String> ehloLines(String name) throws IOException {
        return new ArrayList<>(List.of(command("EHLO " + name).split("\n")));
    }

    boolean isClosedByServer() {
        try {
            return in.read() < 0;
        } catch (IOException e) {
            return true;
        }
    }

    private String line() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') {
                break;
            }
            if (c != '\r') {
                b.write(c);
            }
        }
        if (c < 0 && b.size() == 0) {
            return null;
        }
        return b.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
