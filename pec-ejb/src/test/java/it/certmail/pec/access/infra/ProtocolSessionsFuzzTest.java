package it.certmail.pec.access.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import com.code_intelligence.jazzer.junit.FuzzTest;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;

import it.certmail.pec.access.domain.FailedLogins;
import it.certmail.pec.access.domain.MailAccess;
import it.certmail.pec.access.domain.MailAccessException;
import it.certmail.pec.access.domain.MailboxChangeHub;
import it.certmail.pec.access.domain.ProtocolSession;
import it.certmail.pec.access.domain.SessionOutput;
import it.certmail.pec.access.imap.domain.ImapSession;
import it.certmail.pec.access.imap.domain.ImapSettings;
import it.certmail.pec.access.imap.domain.MimeCache;
import it.certmail.pec.access.memory.InMemoryMailAccess;
import it.certmail.pec.access.pop3.domain.Pop3Session;
import it.certmail.pec.mailbox.infra.ClientPasswords;

/**
 * What an IMAP or POP3 client sends, as the server meets it: bytes cut into commands by the framer (line and literal
 * limits), then handled by a session logged in to a real mailbox. Whatever the bytes, the framer never throws and
 * never hands over more than its limit, and the session answers every command with OK, NO or BAD of its own: never
 * its "internal error", which is the catch-all for an exception that escaped a command.
 *
 * <p>The first two targets run on the in-memory store ({@link InMemoryMailAccess}, held to the JPA store's behaviour
 * by {@code MailAccessContract}), a fresh one per input: thousands of inputs a second, and a crash replays from its
 * input alone. The last two run the same sessions on the JPA store (H2), one store for every input, as before: its
 * regression inputs run in every build and it can still be fuzzed, at a few inputs a second.
 */
class ProtocolSessionsFuzzTest {

    private static final int MAX_LINE = 8192;
    private static final int MAX_COMMAND = 64 * 1024;
    private static final int MAX_COMMANDS = 16;
    private static final ImapSettings SETTINGS = ImapSettings.defaults().withLoginFailureDelay(Duration.ZERO);
    private static final String BOB = AccessTestServer.BOB;
    private static final String PASSWORD = AccessTestServer.PASSWORD;
    private static final byte[] PLAIN = message("uno", "text/plain", "primo messaggio");
    private static final byte[] MULTIPART = message("due", "multipart/mixed; boundary=\"b1\"",
            "--b1\r\nContent-Type: text/plain\r\n\r\ntesto\r\n--b1\r\nContent-Type: application/pdf\r\n"
                    + "Content-Transfer-Encoding: base64\r\n\r\nJVBERi0xLjQK\r\n--b1--\r\n");

    private static final Clock CLOCK = Clock.systemUTC();
    /** Shared by the in-memory stores: the Argon2id check is made once, then answered from its cache. */
    private static final ClientPasswords PASSWORDS = new ClientPasswords(CLOCK);
    private static final FailedLogins FAILED_LOGINS = new FailedLogins();
    private static String passwordHash;

    private static AccessTestServer server;

    @BeforeAll
    static void start() throws Exception {
        passwordHash = PASSWORDS.hash(PASSWORD);
        server = new AccessTestServer(SETTINGS);
        server.deliver(BOB, "INBOX", PLAIN);
        server.deliver(BOB, "INBOX", MULTIPART);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @FuzzTest(maxDuration = "5m")
    void anImapClientShouldNeverMeetAnInternalError(byte[] data) throws Exception {
        imap(freshMailbox(), new MailboxChangeHub(), new MimeCache(1000), FAILED_LOGINS, data);
    }

    @FuzzTest(maxDuration = "5m")
    void aPop3ClientShouldNeverMeetAnInternalError(byte[] data) throws Exception {
        pop3(freshMailbox(), new MailboxChangeHub(), FAILED_LOGINS, data);
    }

    @FuzzTest(maxDuration = "5m")
    void anImapClientShouldNeverMeetAnInternalErrorOnTheJpaStore(byte[] data) {
        imap(server.access, server.hub, server.cache, server.failedLogins, data);
    }

    @FuzzTest(maxDuration = "5m")
    void aPop3ClientShouldNeverMeetAnInternalErrorOnTheJpaStore(byte[] data) {
        pop3(server.access, server.hub, server.failedLogins, data);
    }

    /** Bob's mailbox alone on a new in-memory store, with the two messages of the JPA one in INBOX. */
    private static MailAccess freshMailbox() throws MailAccessException {
        InMemoryMailAccess store = new InMemoryMailAccess(PASSWORDS, CLOCK);
        store.createMailbox(BOB);
        store.setClientPasswordHash(BOB, passwordHash);
        store.deliver(BOB, "INBOX", PLAIN, Set.of(), CLOCK.instant());
        store.deliver(BOB, "INBOX", MULTIPART, Set.of(), CLOCK.instant());
        return store;
    }

    private static void imap(MailAccess access, MailboxChangeHub hub, MimeCache cache, FailedLogins failedLogins,
            byte[] data) {
        Output out = new Output();
        ImapSession session = new ImapSession(access, out, SETTINGS, cache, hub, CLOCK::instant, failedLogins);
        session.greet();
        session.handle(ascii("a1 LOGIN " + BOB + " " + PASSWORD));
        session.handle(ascii("a2 SELECT INBOX"));
        assertThat(out.text()).contains("a2 OK");
        run(session, true, data, out);
        assertThat(out.text()).doesNotContain("internal error");
    }

    private static void pop3(MailAccess access, MailboxChangeHub hub, FailedLogins failedLogins, byte[] data) {
        Output out = new Output();
        Pop3Session session = new Pop3Session(access, out, SETTINGS, hub, failedLogins);
        session.greet();
        session.handle(ascii("USER " + BOB));
        session.handle(ascii("PASS " + PASSWORD));
        run(session, false, data, out);
        assertThat(out.text()).doesNotContain("internal error");
    }

    /** The bytes through the framer, each command (or frame error) to the session, as the server does. */
    private static void run(ProtocolSession session, boolean literals, byte[] data, Output out) {
        EmbeddedChannel channel = new EmbeddedChannel(new CommandFramer(MAX_LINE, MAX_COMMAND, literals));
        channel.writeInbound(Unpooled.wrappedBuffer(data));
        channel.writeInbound(Unpooled.wrappedBuffer(new byte[] {'\r', '\n'}));
        int handled = 0;
        for (Object frame = channel.readInbound(); frame != null && handled < MAX_COMMANDS;
             frame = channel.readInbound(), handled++) {
            if (frame instanceof byte[] command) {
                assertThat(command.length).isLessThanOrEqualTo(MAX_COMMAND);
                session.handle(command);
            } else if (frame instanceof CommandFramer.FrameError error && session instanceof ImapSession imap) {
                imap.frameError(error.partial(), error.message());
            }
            if (out.closed) {
                break;
            }
        }
        for (Object reply = channel.readOutbound(); reply != null; reply = channel.readOutbound()) {
            ((ByteBuf) reply).release();
        }
        channel.finishAndReleaseAll();
        session.closed();
    }

    private static byte[] ascii(String command) {
        return command.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] message(String subject, String contentType, String body) {
        return ("From: ann@b.test\r\nTo: bob@b.test\r\nSubject: " + subject + "\r\nDate: Sun, 6 Dec 2026 10:00:00 +0100\r\n"
                + "Message-ID: <" + subject + "@b.test>\r\nMIME-Version: 1.0\r\nContent-Type: " + contentType + "\r\n\r\n"
                + body + "\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** The connection as the session sees it: what it writes is kept (up to a bound); streams are read through. */
    private static final class Output implements SessionOutput {
        private final StringBuilder text = new StringBuilder();
        private final List<Runnable> later = new ArrayList<>();
        boolean closed;

        String text() {
            runLater();
            return text.toString();
        }

        private void runLater() {
            while (!later.isEmpty()) {
                later.remove(0).run();
            }
        }

        @Override
        public void write(String s) {
            if (text.length() < 1_000_000) {
                text.append(s);
            }
        }

        @Override
        public void writeStream(InputStream in, long length) throws IOException {
            try (in) {
                in.transferTo(java.io.OutputStream.nullOutputStream());
            }
        }

        @Override
        public void flush() {
            runLater();
        }

        @Override
        public void close() {
            closed = true;
        }

        @Override
        public void setIdleTimeout(Duration timeout) {
        }

        @Override
        public void pause(Duration delay) {
        }

        @Override
        public void runLater(Runnable task) {
            later.add(task);
        }

        @Override
        public String remoteAddress() {
            return "fuzzer";
        }
    }
}
