package it.certmail.pec.access.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class Pop3ServerTest {

    private static final byte[] DOTS = ("From: ann@b.test\r\nSubject: dots\r\n\r\n.leading dot\r\n..two\r\n.\r\n"
            + "line 4\r\nline 5").getBytes(StandardCharsets.US_ASCII);

    AccessTestServer server;

    @BeforeEach
    void start() throws Exception {
        server = new AccessTestServer();
        server.deliver(AccessTestServer.BOB, "INBOX", DOTS);
        server.deliver(AccessTestServer.BOB, "INBOX", "Subject: two\r\n\r\nsecond\r\n".getBytes(StandardCharsets.US_ASCII));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** Reads a multi-line answer up to the lone dot and removes the stuffing. */
    private static byte[] multiline(RawClient c) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (true) {
            String l = c.line();
            if (l.equals(".")) {
                return out.toByteArray();
            }
            out.writeBytes((l.startsWith(".") ? l.substring(1) : l).getBytes(StandardCharsets.ISO_8859_1));
            out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
    }

    @Test
    void pop3ShouldServeTheInboxExactlyAndExpungeDeletedMessagesOnQuit() throws Exception {
        try (RawClient c = new RawClient(server.pop3.port())) {
            assertThat(c.line()).startsWith("+OK");
            c.send("CAPA\r\n");
            assertThat(c.line()).startsWith("+OK");
            assertThat(new String(multiline(c), StandardCharsets.US_ASCII)).contains("SASL PLAIN", "UIDL", "TOP");
            c.send("STAT\r\n");
            assertThat(c.line()).startsWith("-ERR");
            c.send("AUTH PLAIN " + Base64.getEncoder().encodeToString(("\0" + AccessTestServer.BOB + "\0"
                    + AccessTestServer.PASSWORD).getBytes(StandardCharsets.UTF_8)) + "\r\n");
            assertThat(c.line()).isEqualTo("+OK 2 messages");
            c.send("STAT\r\n");
            assertThat(c.line()).isEqualTo("+OK 2 " + (DOTS.length + 24));
            c.send("RETR 1\r\n");
            assertThat(c.line()).startsWith("+OK " + DOTS.length);
            byte[] got = multiline(c);
            // the message has no final line break: the CRLF before the dot is the terminator's
            assertThat(got).isEqualTo((new String(DOTS, StandardCharsets.US_ASCII) + "\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            c.send("TOP 1 2\r\n");
            assertThat(c.line()).startsWith("+OK");
            assertThat(new String(multiline(c), StandardCharsets.US_ASCII))
                    .isEqualTo("From: ann@b.test\r\nSubject: dots\r\n\r\n.leading dot\r\n..two\r\n");
            c.send("UIDL\r\n");
            assertThat(c.line()).startsWith("+OK");
            assertThat(new String(multiline(c), StandardCharsets.US_ASCII)).matches("1 \\d+\\.1\r\n2 \\d+\\.2\r\n");
            c.send("DELE 1\r\n");
            assertThat(c.line()).startsWith("+OK");
            c.send("RETR 1\r\n");
            assertThat(c.line()).startsWith("-ERR");
            c.send("RSET\r\nDELE 2\r\nQUIT\r\n");
            assertThat(c.line()).startsWith("+OK");
            assertThat(c.line()).startsWith("+OK");
            assertThat(c.line()).startsWith("+OK bye");
        }
        assertThat(server.count("SELECT COUNT(*) FROM stored_message")).isEqualTo(1);
        assertThat(server.count("SELECT used_bytes FROM mailbox WHERE address = 'bob@b.test'")).isEqualTo(DOTS.length);
    }

    @Test
    void pop3ShouldRefuseBadPasswordsAndDisabledMailboxes() throws Exception {
        long failedBefore = server.failedLogins.pop3Total();
        try (RawClient c = new RawClient(server.pop3.port())) {
            c.line();
            c.send("USER " + AccessTestServer.BOB + "\r\nPASS nope\r\n");
            assertThat(c.line()).startsWith("+OK");
            assertThat(c.line()).startsWith("-ERR [AUTH]");
            assertThat(server.failedLogins.pop3Total()).as("counted for the metrics").isEqualTo(failedBefore + 1);
            c.send("USER " + AccessTestServer.OFF + "\r\nPASS " + AccessTestServer.PASSWORD + "\r\n");
            c.line();
            assertThat(c.line()).isEqualTo("-ERR [SYS/PERM] the mailbox off@b.test is disabled: access is not allowed");
        }
    }

    @Test
    void curlShouldListAndFetchOverImapsAndPop3s() throws Exception {
        Assumptions.assumeTrue(curl(), "curl with imaps and pop3s not installed: skipped");
        java.nio.file.Path ca = it.certmail.pec.receipts.infra.PecTestProvider.writeCaPem(
                java.nio.file.Files.createTempDirectory("curl"));
        String user = AccessTestServer.BOB + ":" + AccessTestServer.PASSWORD;
        String imap = run("curl", "-s", "-k", "--cacert", ca.toString(), "-u", user,
                "imaps://127.0.0.1:" + server.imap.port() + "/INBOX;UID=1");
        assertThat(imap).isEqualTo(new String(DOTS, StandardCharsets.ISO_8859_1));
        String pop = run("curl", "-s", "-k", "--cacert", ca.toString(), "-u", user,
                "pop3s://127.0.0.1:" + server.pop3.port() + "/2");
        assertThat(pop).isEqualTo("Subject: two\r\n\r\nsecond\r\n");
    }

    private static boolean curl() {
        try {
            return run("curl", "--version").contains("imaps") && run("curl", "--version").contains("pop3s");
        } catch (Exception e) {
            return false;
        }
    }

    private static String run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return new String(out, StandardCharsets.ISO_8859_1);
    }
}
