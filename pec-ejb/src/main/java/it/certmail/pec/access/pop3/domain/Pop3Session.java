package it.certmail.pec.access.pop3.domain;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.logging.Level;
import java.util.logging.Logger;

import it.certmail.pec.access.domain.FailedLogins;
import it.certmail.pec.access.domain.FlagOperation;
import it.certmail.pec.access.domain.FolderStatus;
import it.certmail.pec.access.domain.LoginOutcome;
import it.certmail.pec.access.domain.MailAccess;
import it.certmail.pec.access.domain.MailAccessException;
import it.certmail.pec.access.domain.MailboxChangeHub;
import it.certmail.pec.access.domain.MessageMeta;
import it.certmail.pec.access.domain.ProtocolSession;
import it.certmail.pec.access.domain.SessionOutput;
import it.certmail.pec.access.imap.domain.ImapSettings;

/**
 * Sessione POP3: AUTHORIZATION (USER/PASS, AUTH PLAIN), TRANSACTION on a snapshot of the INBOX taken at login,
 * UPDATE at QUIT (messages marked with DELE are flagged \Deleted and expunged). RETR and TOP send the stored bytes
 * dot-stuffed, so that the client has them exactly after unstuffing.
 */
public final class Pop3Session implements ProtocolSession {

    private static final Logger LOG = Logger.getLogger(Pop3Session.class.getName());
    private static final String INBOX = "INBOX";

    private enum State { AUTHORIZATION, TRANSACTION, DONE }

    private final MailAccess access;
    private final SessionOutput out;
    private final ImapSettings settings;
    private final MailboxChangeHub hub;
    private final FailedLogins failedLogins;

    private State state = State.AUTHORIZATION;
    private String user;
    private String address;
    private boolean authPlainPending;
    private int failures;
    private List<MessageMeta> messages = List.of();
    private long uidValidity;
    private final Set<Integer> deleted = new TreeSet<>();

    public Pop3Session(MailAccess access, SessionOutput out, ImapSettings settings, MailboxChangeHub hub,
            FailedLogins failedLogins) {
        this.failedLogins = failedLogins;
        this.access = access;
        this.out = out;
        this.settings = settings;
        this.hub = hub;
    }

    @Override
    public void greet() {
        out.setIdleTimeout(settings.preAuthTimeout());
        out.write("+OK " + settings.serverName() + " POP3 ready\r\n");
        out.flush();
    }

    @Override
    public void frameError(byte[] partial, String message) {
        out.write("-ERR " + message + "\r\n");
        out.flush();
    }

    @Override
    public void poll() {
        // POP3 has no unsolicited responses
    }

    @Override
    public void closed() {
        // no UPDATE state without QUIT (RFC 1939 §6)
        state = State.DONE;
    }

    @Override
    public String byeOnTimeout() {
        return "-ERR autologout: idle for too long\r\n";
    }

    @Override
    public void handle(byte[] frame) {
        String line = new String(frame, StandardCharsets.UTF_8);
        try {
            if (authPlainPending) {
                authPlainPending = false;
                if (line.strip().equals("*")) {
                    out.write("-ERR AUTH cancelled\r\n");
                } else {
                    plain(line.strip());
                }
            } else {
                command(line);
            }
        } catch (MailAccessException e) {
            out.write("-ERR " + e.getMessage() + "\r\n");
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "POP3 command failed for " + address, e);
            out.write("-ERR internal error\r\n");
        }
        out.flush();
        if (state == State.DONE) {
            out.close();
        }
    }

    private void command(String line) throws MailAccessException, IOException {
        String[] words = line.strip().split(" +");
        String cmd = words[0].toUpperCase(Locale.ROOT);
        String arg = line.strip().length() > words[0].length() ? line.strip().substring(words[0].length()).strip()
                : "";
        switch (cmd) {
            case "CAPA" -> {
                out.write("+OK capabilities follow\r\nTOP\r\nUSER\r\nUIDL\r\nSASL PLAIN\r\nRESP-CODES\r\n"
                        + "AUTH-RESP-CODE\r\nPIPELINING\r\nIMPLEMENTATION " + settings.serverName() + "\r\n.\r\n");
                return;
            }
            case "QUIT" -> {
                quit();
                return;
            }
            case "NOOP" -> {
                if (state == State.TRANSACTION) {
                    out.write("+OK\r\n");
                    return;
                }
            }
            default -> {
                // below
            }
        }
        if (state == State.AUTHORIZATION) {
            switch (cmd) {
                case "USER" -> {
                    user = arg;
                    out.write("+OK send PASS\r\n");
                }
                case "PASS" -> {
                    if (user == null) {
                        out.write("-ERR USER first\r\n");
                    } else {
                        login(user, arg);
                    }
                }
                case "AUTH" -> {
                    String[] a = arg.split(" ", 2);
                    if (arg.isEmpty()) {
                        out.write("+OK\r\nPLAIN\r\n.\r\n");
                    } else if (!a[0].equalsIgnoreCase("PLAIN")) {
                        out.write("-ERR only PLAIN is supported\r\n");
                    } else if (a.length == 2) {
                        plain(a[1].strip());
                    } else {
                        authPlainPending = true;
                        out.write("+ \r\n");
                    }
                }
                default -> out.write("-ERR not valid before login\r\n");
            }
            return;
        }
        switch (cmd) {
            case "STAT" -> {
                long n = 0;
                long size = 0;
                for (int i = 0; i < messages.size(); i++) {
                    if (!deleted.contains(i + 1)) {
                        n++;
                        size += messages.get(i).size();
                    }
                }
                out.write("+OK " + n + " " + size + "\r\n");
            }
            case "LIST", "UIDL" -> listing(cmd.equals("UIDL"), arg);
            case "RETR" -> {
                int n = message(arg);
                if (n > 0) {
                    MessageMeta m = messages.get(n - 1);
                    InputStream in = access.open(m.blobId());
                    out.write("+OK " + m.size() + " octets\r\n");
                    out.writeStream(new DotStuffer(in, -1), -1);
                }
            }
            case "TOP" -> {
                String[] a = arg.split(" +");
                if (a.length != 2 || !a[1].matches("\\d{1,9}")) {
                    out.write("-ERR usage: TOP msg lines\r\n");
                    return;
                }
                int n = message(a[0]);
                if (n > 0) {
                    InputStream in = access.open(messages.get(n - 1).blobId());
                    out.write("+OK top of message follows\r\n");
                    out.writeStream(new DotStuffer(in, Integer.parseInt(a[1])), -1);
                }
            }
            case "DELE" -> {
                int n = message(arg);
                if (n > 0) {
                    deleted.add(n);
                    out.write("+OK message " + n + " deleted\r\n");
                }
            }
            case "RSET" -> {
                deleted.clear();
                out.write("+OK\r\n");
            }
            case "USER", "PASS", "AUTH" -> out.write("-ERR already logged in\r\n");
            default -> out.write("-ERR unknown command\r\n");
        }
    }

    /** The message number in {@code arg}, or 0 after an -ERR. */
    private int message(String arg) {
        if (!arg.matches("\\d{1,9}")) {
            out.write("-ERR no such message\r\n");
            return 0;
        }
        int n = Integer.parseInt(arg);
        if (n < 1 || n > messages.size()) {
            out.write("-ERR no such message\r\n");
            return 0;
        }
        if (deleted.contains(n)) {
            out.write("-ERR message " + n + " already deleted\r\n");
            return 0;
        }
        return n;
    }

    private void listing(boolean uidl, String arg) {
        if (!arg.isEmpty()) {
            int n = message(arg);
            if (n > 0) {
                out.write("+OK " + n + " " + value(uidl, messages.get(n - 1)) + "\r\n");
            }
            return;
        }
        StringBuilder sb = new StringBuilder("+OK\r\n");
        for (int i = 0; i < messages.size(); i++) {
            if (!deleted.contains(i + 1)) {
                sb.append(i + 1).append(' ').append(value(uidl, messages.get(i))).append("\r\n");
            }
        }
        out.write(sb.append(".\r\n").toString());
    }

    private String value(boolean uidl, MessageMeta m) {
        // unique and stable as long as the INBOX keeps its UIDVALIDITY (RFC 1939 §7)
        return uidl ? uidValidity + "." + m.uid() : Long.toString(m.size());
    }

    private void plain(String base64) throws MailAccessException {
        String[] parts;
        try {
            parts = new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8).split("\u0000", -1);
        } catch (IllegalArgumentException e) {
            out.write("-ERR not base64\r\n");
            return;
        }
        if (parts.length != 3 || (!parts[0].isEmpty() && !parts[0].equalsIgnoreCase(parts[1]))) {
            out.write("-ERR [AUTH] malformed PLAIN response\r\n");
            return;
        }
        login(parts[1], parts[2]);
    }

    private void login(String name, String password) throws MailAccessException {
        LoginOutcome outcome = access.login(name, password);
        if (outcome instanceof LoginOutcome.Granted g) {
            address = g.address();
            FolderStatus st = access.status(address, INBOX);
            uidValidity = st.uidValidity();
            messages = new ArrayList<>(access.messages(address, INBOX));
            state = State.TRANSACTION;
            out.setIdleTimeout(settings.authTimeout());
            LOG.info(() -> "POP3 login " + g.address() + " from " + out.remoteAddress());
            out.write("+OK " + messages.size() + " messages\r\n");
        } else if (outcome instanceof LoginOutcome.Forbidden f) {
            LOG.warning(() -> "POP3 login refused for " + f.address() + " (" + f.status() + ")");
            out.write("-ERR [SYS/PERM] the mailbox " + f.address() + " is " + f.status()
                    + ": access is not allowed\r\n");
        } else {
            failures++;
            failedLogins.pop3Failed();
            LOG.warning(() -> "POP3 login failed for " + name + " from " + out.remoteAddress());
            out.pause(settings.loginFailureDelay());
            out.write("-ERR [AUTH] invalid credentials\r\n");
            if (failures >= settings.maxLoginFailures()) {
                state = State.DONE;
            }
        }
    }

    private void quit() throws MailAccessException {
        if (state == State.TRANSACTION && !deleted.isEmpty()) {
            List<Long> uids = new ArrayList<>();
            for (int n : deleted) {
                uids.add(messages.get(n - 1).uid());
            }
            access.updateFlags(address, INBOX, uids, FlagOperation.ADD, Set.of("\\Deleted"), -1);
            access.expunge(address, INBOX, uids);
            hub.publish(address);
        }
        out.write("+OK bye\r\n");
        state = State.DONE;
    }

    /**
     * The stored bytes with a '.' doubled at every line start, then CRLF.CRLF (CRLF first if the message does not
     * end with a line break); with {@code maxBodyLines} >= 0 only the header and that many body lines.
     */
    static final class DotStuffer extends InputStream {
        private final InputStream in;
        private final long maxBodyLines;
        private boolean lineStart = true;
        private long lineLength;
        private boolean inBody;
        private long bodyLines;
        private int prev = -1;
        private boolean pendingDot;
        private byte[] tail;
        private int tailPos;

        DotStuffer(InputStream in, long maxBodyLines) {
            this.in = new java.io.BufferedInputStream(in, 64 * 1024);
            this.maxBodyLines = maxBodyLines;
        }

        @Override
        public int read() throws IOException {
            if (tail != null) {
                return tailPos < tail.length ? tail[tailPos++] & 0xFF : -1;
            }
            if (pendingDot) {
                pendingDot = false;
                return '.';
            }
            boolean stop = lineStart && inBody && maxBodyLines >= 0 && bodyLines >= maxBodyLines;
            int b = stop ? -1 : in.read();
            if (b == -1) {
                tail = (prev == '\n' || prev == -1 ? ".\r\n" : "\r\n.\r\n").getBytes(StandardCharsets.US_ASCII);
                return read();
            }
            if (b == '\n') {
                if (!inBody && lineLength == 0) {
                    inBody = true;
                } else if (inBody) {
                    bodyLines++;
                }
                lineStart = true;
                lineLength = 0;
            } else {
                if (lineStart && b == '.') {
                    pendingDot = true;
                }
                lineStart = false;
                if (b != '\r') {
                    lineLength++;
                }
            }
            prev = b;
            return b;
        }

        @Override
        public int read(byte[] buf, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            int n = 0;
            while (n < len) {
                int b = read();
                if (b == -1) {
                    return n == 0 ? -1 : n;
                }
                buf[off + n++] = (byte) b;
                if (tail != null && tailPos >= tail.length) {
                    break;
                }
            }
            return n;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
