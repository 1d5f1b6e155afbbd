package it.certmail.pec.transport.infra.smtp;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.logging.Level;
import java.util.logging.Logger;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

import it.certmail.pec.transport.domain.DeliveryOutcome;
import it.certmail.pec.transport.domain.RawMessageSource;
import it.certmail.pec.transport.domain.RelayResult;
import it.certmail.pec.transport.domain.RelayTarget;

/**
 * Client SMTP di inoltro: hands a message to another provider or an Internet MX (RFC 5321 client, RFC 3207
 * STARTTLS). The bytes are sent exactly as stored (only dot-stuffed on the wire, and a final CRLF added if the
 * message lacks one), which keeps the provider's signature verifiable. Every recipient ends in one
 * {@link DeliveryOutcome}: 2xx after DATA = delivered; 4xx, connection errors, timeouts and TLS problems =
 * temporary; 5xx = permanent. When TLS is required and the server does not offer STARTTLS, nothing is sent in
 * clear (RFC 6109 §5.3). Thread-safe: each call uses its own connection.
 */
public final class SmtpRelayClient {

    private static final Logger LOG = Logger.getLogger(SmtpRelayClient.class.getName());
    private static final byte[] CRLF = {'\r', '\n'};
    private static final int MAX_REPLY_LINE = 4096;
    private static final int MAX_REPLY_LINES = 200;

    /**
     * @param heloName       our name in EHLO
     * @param connectTimeout TCP connect timeout
     * @param commandTimeout wait for each reply (RFC 5321 §4.5.3.2 suggests 5 minutes)
     * @param dataTimeout    wait for the reply after the final dot (RFC 5321 §4.5.3.2: 10 minutes)
     */
    public record Settings(String heloName, Duration connectTimeout, Duration commandTimeout, Duration dataTimeout) {
        public Settings {
            Objects.requireNonNull(heloName, "heloName");
            Objects.requireNonNull(connectTimeout, "connectTimeout");
            Objects.requireNonNull(commandTimeout, "commandTimeout");
            Objects.requireNonNull(dataTimeout, "dataTimeout");
        }

        public static Settings defaults(String heloName) {
            return new Settings(heloName, Duration.ofSeconds(30), Duration.ofMinutes(5), Duration.ofMinutes(10));
        }
    }

    /**
     * @param context         TLS context whose trust managers judge the server (e.g. {@code TlsContexts.client(anchors)})
     * @param required        fail (temporarily) rather than send in clear when STARTTLS is not offered or fails
     * @param verifyHostname  check the certificate's names against the host connected to
     */
    public record TlsPolicy(SSLContext context, boolean required, boolean verifyHostname) {

        /** PEC provider-to-provider: STARTTLS required, names checked. */
        public static TlsPolicy required(SSLContext context) {
            return new TlsPolicy(Objects.requireNonNull(context, "context"), true, true);
        }

        /** STARTTLS when offered (ordinary Internet mail), without name checks. */
        public static TlsPolicy opportunistic(SSLContext context) {
            return new TlsPolicy(Objects.requireNonNull(context, "context"), false, false);
        }

        /** Never TLS (tests only). */
        public static TlsPolicy none() {
            return new TlsPolicy(null, false, false);
        }

        public TlsPolicy withVerifyHostname(boolean verify) {
            return new TlsPolicy(context, required, verify);
        }
    }

    private final Settings settings;
    private final TlsPolicy tls;

    public SmtpRelayClient(Settings settings, TlsPolicy tls) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.tls = Objects.requireNonNull(tls, "tls");
        if (tls.required() && tls.context() == null) {
            throw new IllegalArgumentException("TLS required without a TLS context");
        }
    }

    /**
     * Tries the targets in order (MX preference): the next host is tried only while the failure concerns the
     * whole session (connection, greeting, EHLO, TLS, MAIL FROM 4xx) rather than the recipients.
     */
    public RelayResult send(List<RelayTarget> targets, String mailFrom, List<String> recipients,
                            RawMessageSource message) {
        if (targets.isEmpty()) {
            throw new IllegalArgumentException("no targets");
        }
        Attempt last = null;
        for (RelayTarget target : targets) {
            last = attempt(target, mailFrom, recipients, message);
            if (!last.sessionTemporaryFailure) {
                break;
            }
        }
        return last.result();
    }

    /** One attempt at one host; never throws for network or protocol problems. */
    public RelayResult send(RelayTarget target, String mailFrom, List<String> recipients, RawMessageSource message) {
        return attempt(target, mailFrom, recipients, message).result();
    }

    private Attempt attempt(RelayTarget target, String mailFrom, List<String> recipients, RawMessageSource message) {
        Objects.requireNonNull(target, "target");
        Attempt a = new Attempt(target, List.copyOf(recipients));
        if (a.recipients.isEmpty()) {
            throw new IllegalArgumentException("no recipients");
        }
        if (!isSafeAddress(mailFrom)) {
            a.failAll(new DeliveryOutcome.PermanentFailure("invalid sender address: " + printable(mailFrom)), false);
            return a;
        }
        try (Connection c = connect(target)) {
            converse(c, a, mailFrom, message);
        } catch (SocketTimeoutException e) {
            a.failAll(new DeliveryOutcome.TemporaryFailure("timeout talking to " + target + " (" + a.stage + ")"),
                    a.stage.sessionLevel);
        } catch (IOException e) {
            a.failAll(new DeliveryOutcome.TemporaryFailure("connection to " + target + " failed (" + a.stage + "): "
                    + e.getMessage()), a.stage.sessionLevel);
        }
        return a;
    }

    private void converse(Connection c, Attempt a, String mailFrom, RawMessageSource message) throws IOException {
        a.stage = Stage.GREETING;
        Reply greeting = c.read(settings.commandTimeout());
        if (!greeting.positive()) {
            a.failAll(greeting.asFailure(), true);
            return;
        }
        a.stage = Stage.EHLO;
        Reply ehlo = c.command("EHLO " + settings.heloName(), settings.commandTimeout());
        if (!ehlo.positive()) {
            Reply helo = c.command("HELO " + settings.heloName(), settings.commandTimeout());
            if (!helo.positive()) {
                a.failAll(helo.asFailure(), true);
                return;
            }
            ehlo = new Reply(250, List.of(settings.heloName()));
        }
        if (tls.context() != null && ehlo.hasExtension("STARTTLS")) {
            a.stage = Stage.STARTTLS;
            Reply r = c.command("STARTTLS", settings.commandTimeout());
            if (r.code() == 220) {
                try {
                    c.startTls(tls.context(), a.target.host(), tls.verifyHostname());
                } catch (IOException e) {
                    a.failAll(new DeliveryOutcome.TemporaryFailure("TLS handshake with " + a.target + " failed: "
                            + e.getMessage()), true);
                    return;
                }
                a.stage = Stage.EHLO;
                ehlo = c.command("EHLO " + settings.heloName(), settings.commandTimeout());
                if (!ehlo.positive()) {
                    a.failAll(ehlo.asFailure(), true);
                    return;
                }
            } else if (tls.required()) {
                a.failAll(new DeliveryOutcome.TemporaryFailure("STARTTLS refused by " + a.target + ": "
                        + r.text() + "; not sent in clear"), true);
                c.quit();
                return;
            }
        } else if (tls.required()) {
            a.failAll(new DeliveryOutcome.TemporaryFailure("STARTTLS not offered by " + a.target
                    + "; not sent in clear"), true);
            c.quit();
            return;
        }

        a.stage = Stage.MAIL;
        long sizeLimit = ehlo.sizeLimit();
        if (sizeLimit > 0 && message.size() > sizeLimit) {
            a.failAll(new DeliveryOutcome.PermanentFailure("message of " + message.size() + " bytes exceeds the "
                    + sizeLimit + "-byte limit of " + a.target), false);
            c.quit();
            return;
        }
        StringBuilder mail = new StringBuilder("MAIL FROM:<").append(mailFrom).append('>');
        if (ehlo.hasExtension("SIZE")) {
            mail.append(" SIZE=").append(message.size());
        }
        if (ehlo.hasExtension("8BITMIME")) {
            mail.append(" BODY=8BITMIME");
        }
        Reply mr = c.command(mail.toString(), settings.commandTimeout());
        if (!mr.positive()) {
            a.failAll(mr.asFailure(), mr.transientNegative());
            c.quit();
            return;
        }

        a.stage = Stage.RCPT;
        List<String> accepted = new ArrayList<>();
        for (String rcpt : a.recipients) {
            if (a.outcomes.containsKey(rcpt)) {
                continue; // duplicate
            }
            if (!isSafeAddress(rcpt) || rcpt.isEmpty()) {
                a.outcomes.put(rcpt, new DeliveryOutcome.PermanentFailure("invalid recipient address"));
                continue;
            }
            Reply rr = c.command("RCPT TO:<" + rcpt + ">", settings.commandTimeout());
            if (rr.positive()) {
                accepted.add(rcpt);
            } else {
                a.outcomes.put(rcpt, rr.asFailure());
            }
        }
        if (accepted.isEmpty()) {
            c.quit();
            return;
        }

        a.stage = Stage.DATA;
        Reply dr = c.command("DATA", settings.commandTimeout());
        if (dr.code() != 354) {
            DeliveryOutcome failure = dr.positive()
                    ? new DeliveryOutcome.TemporaryFailure("unexpected reply to DATA: " + dr.line())
                    : dr.asFailure();
            accepted.forEach(r -> a.outcomes.put(r, failure));
            c.quit();
            return;
        }
        a.stage = Stage.CONTENT;
        try (InputStream in = message.open()) {
            c.sendDotStuffed(in);
        }
        a.stage = Stage.END_OF_DATA;
        Reply end = c.read(settings.dataTimeout());
        DeliveryOutcome outcome = end.positive() ? new DeliveryOutcome.Delivered(end.line()) : end.asFailure();
        accepted.forEach(r -> a.outcomes.put(r, outcome));
        a.stage = Stage.QUIT;
        c.quit();
    }

    private Connection connect(RelayTarget target) throws IOException {
        Socket s = new Socket();
        try {
            s.connect(new InetSocketAddress(target.host(), target.port()), (int) settings.connectTimeout().toMillis());
        } catch (IOException e) {
            s.close();
            throw e;
        }
        return new Connection(s);
    }

    /** Our own CR/LF check: an address must never inject a command. */
    private static boolean isSafeAddress(String address) {
        if (address == null) {
            return false;
        }
        for (int i = 0; i < address.length(); i++) {
            char ch = address.charAt(i);
            if (ch < 0x20 || ch == 0x7f || ch == '<' || ch == '>') {
                return false;
            }
        }
        return true;
    }

    private static String printable(String s) {
        return s == null ? "null" : s.replaceAll("\\p{Cntrl}", "?");
    }

    private enum Stage {
        CONNECT(true), GREETING(true), EHLO(true), STARTTLS(true), MAIL(true), RCPT(false), DATA(false),
        CONTENT(false), END_OF_DATA(false), QUIT(false);

        final boolean sessionLevel;

        Stage(boolean sessionLevel) {
            this.sessionLevel = sessionLevel;
        }

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT).replace('_', ' ');
        }
    }

    /** State of one attempt. */
    private static final class Attempt {
        final RelayTarget target;
        final List<String> recipients;
        final Map<String, DeliveryOutcome> outcomes = new LinkedHashMap<>();
        Stage stage = Stage.CONNECT;
        boolean sessionTemporaryFailure;

        Attempt(RelayTarget target, List<String> recipients) {
            this.target = target;
            this.recipients = recipients;
        }

        /** Gives {@code outcome} to every recipient still without one. */
        void failAll(DeliveryOutcome outcome, boolean sessionLevel) {
            for (String r : recipients) {
                outcomes.putIfAbsent(r, outcome);
            }
            sessionTemporaryFailure = sessionLevel && outcome instanceof DeliveryOutcome.TemporaryFailure;
        }

        RelayResult result() {
            Map<String, DeliveryOutcome> ordered = new LinkedHashMap<>();
            for (String r : recipients) {
                ordered.put(r, outcomes.getOrDefault(r,
                        new DeliveryOutcome.TemporaryFailure("no outcome from " + target)));
            }
            return new RelayResult(target, ordered);
        }
    }

    /** A parsed reply. */
    private record Reply(int code, List<String> lines) {

        boolean positive() {
            return code >= 200 && code < 400;
        }

        boolean transientNegative() {
            return code >= 400 && code < 500;
        }

        String text() {
            return String.join(" ", lines);
        }

        String line() {
            return code + " " + text();
        }

        DeliveryOutcome asFailure() {
            return code >= 500 ? new DeliveryOutcome.PermanentFailure(line())
                    : new DeliveryOutcome.TemporaryFailure(line());
        }

        boolean hasExtension(String keyword) {
            return lines.stream().skip(1).anyMatch(l -> l.toUpperCase(Locale.ROOT).equals(keyword)
                    || l.toUpperCase(Locale.ROOT).startsWith(keyword + " "));
        }

        /** The SIZE extension's limit, 0 when absent or unlimited. */
        long sizeLimit() {
            for (String l : lines.subList(Math.min(1, lines.size()), lines.size())) {
                String[] parts = l.trim().split("\\s+");
                if (parts.length == 2 && parts[0].equalsIgnoreCase("SIZE") && parts[1].matches("\\d{1,18}")) {
                    return Long.parseLong(parts[1]);
                }
            }
            return 0;
        }
    }

    /** One SMTP connection. */
    private final class Connection implements AutoCloseable {
        private Socket socket;
        private InputStream in;
        private OutputStream out;

        Connection(Socket socket) throws IOException {
            use(socket);
        }

        private void use(Socket s) throws IOException {
            this.socket = s;
            this.in = new BufferedInputStream(s.getInputStream());
            this.out = new BufferedOutputStream(s.getOutputStream(), 64 * 1024);
        }

        Reply command(String line, Duration timeout) throws IOException {
            out.write(line.getBytes(StandardCharsets.UTF_8));
            out.write(CRLF);
            out.flush();
            return read(timeout);
        }

        Reply read(Duration timeout) throws IOException {
            socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
            List<String> texts = new ArrayList<>();
            int code = -1;
            for (int n = 0; n < MAX_REPLY_LINES; n++) {
                String line = readLine();
                if (line.length() < 3 || !line.substring(0, 3).matches("[2-5]\\d\\d")) {
                    throw new IOException("malformed SMTP reply: " + printable(line));
                }
                code = Integer.parseInt(line.substring(0, 3));
                texts.add(line.length() > 4 ? line.substring(4) : "");
                if (line.length() == 3 || line.charAt(3) == ' ') {
                    return new Reply(code, texts);
                }
                if (line.charAt(3) != '-') {
                    throw new IOException("malformed SMTP reply: " + printable(line));
                }
            }
            throw new IOException("SMTP reply too long");
        }

        private String readLine() throws IOException {
            ByteArrayOutputStream b = new ByteArrayOutputStream(128);
            int c;
            while ((c = in.read()) >= 0) {
                if (c == '\n') {
                    break;
                }
                if (c != '\r' && b.size() < MAX_REPLY_LINE) {
                    b.write(c);
                }
            }
            if (c < 0) {
                throw new IOException("connection closed by the server");
            }
            return b.toString(StandardCharsets.UTF_8);
        }

        void startTls(SSLContext context, String host, boolean verifyHostname) throws IOException {
            SSLSocket s = (SSLSocket) context.getSocketFactory().createSocket(socket, host, socket.getPort(), true);
            s.setUseClientMode(true);
            if (verifyHostname) {
                SSLParameters p = s.getSSLParameters();
                // RFC 6125 name checks as for HTTPS (dNSName, or iPAddress for IP literals)
                p.setEndpointIdentificationAlgorithm("HTTPS");
                s.setSSLParameters(p);
            }
            s.setSoTimeout((int) Math.min(Integer.MAX_VALUE, settings.commandTimeout().toMillis()));
            s.startHandshake();
            use(s);
        }

        /** Sends the message with dot-stuffing (RFC 5321 §4.5.2) and the terminator, byte for byte otherwise. */
        void sendDotStuffed(InputStream message) throws IOException {
            socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, settings.dataTimeout().toMillis()));
            byte[] buf = new byte[64 * 1024];
            // the last two bytes written, to know line starts; the start of data is a line start
            int prev2 = '\r';
            int prev1 = '\n';
            int n;
            while ((n = message.read(buf)) >= 0) {
                int from = 0;
                for (int i = 0; i < n; i++) {
                    byte b = buf[i];
                    if (b == '.' && prev1 == '\n' && prev2 == '\r') {
                        out.write(buf, from, i - from);
                        out.write('.');
                        from = i;
                    }
                    prev2 = prev1;
                    prev1 = b;
                }
                out.write(buf, from, n - from);
            }
            if (!(prev2 == '\r' && prev1 == '\n')) {
                out.write(CRLF);
            }
            out.write(new byte[] {'.', '\r', '\n'});
            out.flush();
        }

        void quit() {
            try {
                command("QUIT", Duration.ofSeconds(5));
            } catch (IOException e) {
                LOG.log(Level.FINE, "QUIT failed", e);
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
