package it.certmail.pec.access.infra;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import javax.net.ssl.SSLSocket;

/** A line-level TLS client for protocol tests: sends raw text, reads lines and exact byte counts. */
final class RawClient implements AutoCloseable {

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    RawClient(int port) throws Exception {
        SSLSocket s = (SSLSocket) AccessTestServer.clientTls().getSocketFactory().createSocket("127.0.0.1", port);
        s.setSoTimeout(10_000);
        s.startHandshake();
        this.socket = s;
        this.in = new java.io.BufferedInputStream(s.getInputStream());
        this.out = s.getOutputStream();
    }

    Socket socket() {
        return socket;
    }

    void send(String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    void sendBytes(byte[] b) throws IOException {
        out.write(b);
        out.flush();
    }

    /** One line without CRLF; null at the end of the stream. */
    String line() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != -1) {
            if (c == '\n') {
                break;
            }
            b.write(c);
        }
        if (c == -1 && b.size() == 0) {
            return null;
        }
        String s = b.toString(StandardCharsets.ISO_8859_1);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
    }

    byte[] bytes(int n) throws IOException {
        return in.readNBytes(n);
    }

    /** Sends a command and collects every line up to the tagged answer (literals inline as text). */
    String command(String tag, String command) throws IOException {
        send(tag + " " + command + "\r\n");
        return until(tag);
    }

    String until(String tag) throws IOException {
        StringBuilder all = new StringBuilder();
        while (true) {
            String l = line();
            if (l == null) {
                return all.toString();
            }
            all.append(l).append("\n");
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\{(\\d+)\\}$").matcher(l);
            if (m.find()) {
                all.append(new String(bytes(Integer.parseInt(m.group(1))), StandardCharsets.ISO_8859_1));
                continue;
            }
            if (l.startsWith(tag + " ")) {
                return all.toString();
            }
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
