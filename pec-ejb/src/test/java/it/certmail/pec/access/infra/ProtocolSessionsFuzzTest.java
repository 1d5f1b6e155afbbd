package it.certmail.pec.access.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import com.code_intelligence.jazzer.junit.FuzzTest;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;

import it.certmail.pec.access.domain.ProtocolSession;
import it.certmail.pec.access.domain.SessionOutput;
import it.certmail.pec.access.imap.domain.ImapSession;
import it.certmail.pec.access.imap.domain.ImapSettings;
import it.certmail.pec.access.pop3.domain.Pop3Session;

/**
 * What an IMAP or POP3 client sends, as the server meets it: bytes cut into commands by the framer (line and literal
 * limits), then handled by a session logged in to a real mailbox on the JPA store. Whatever the bytes, the framer
 * never throws and never hands over more than its limit, and the session answers every command with OK, NO or BAD
 * of its own: never its "internal error", which is the catch-all for an exception that escaped a command.
 */
class ProtocolSessionsFuzzTest {

    private static final int MAX_LINE = 8192;
    private static final int MAX_COMMAND = 64 * 1024;
    private static final int MAX_COMMANDS = 16;
    private static final ImapSettings SETTINGS = ImapSettings.defaults().withLoginFailureDelay(Duration.ZERO);

    private static AccessTestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = new AccessTestServer(SETTINGS);
        server.deliver(AccessTestServer.BOB, "INBOX", message("uno", "text/plain", "primo messaggio"));
        server.deliver(AccessTestServer.BOB, "INBOX", message("due", "multipart/mixed; boundary=\"b1\"",
                "--b1\r\nContent-Type: text/plain\r\n\r\ntesto\r\n--b1\r\nContent-Type: application/pdf\r\n"
                        + "Content-Transfer-Encoding: base64\r\n\r\nJVBERi0xLjQK\r\n--b1--\r\n"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @FuzzTest(maxDuration = "5m")
    void anImapClientShouldNeverMeetAnInternalError(byte[] data) {
        Output out = new Output();
        ImapSession session = new ImapSession(server.access, out, SETTINGS, server.cache, server.hub,
                server.clock::instant, server.failedLogins);
        session.greet();
        session.handle(ascii("a1 LOGIN " + AccessTestServer.BOB + " " + AccessTestServer.PASSWORD));
        session.handle(ascii("a2 SELECT INBOX"));
        assertThat(out.text()).contains("a2 OK");
        run(session, true, data, out);
        assertThat(out.text()).doesNotContain("internal error");
    }

    @FuzzTest(maxDuration = "5m")
    void aPop3ClientShouldNeverMeetAnInternalError(byte[] data) {
        Output out = new Output();
        Pop3Session session = new Pop3Session(server.access, out, SETTINGS, server.hub, server.failedLogins);
        session.greet();
        session.handle(ascii("USER " + AccessTestServer.BOB));
        session.handle(ascii("PASS " + AccessTestServer.PASSWORD));
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
