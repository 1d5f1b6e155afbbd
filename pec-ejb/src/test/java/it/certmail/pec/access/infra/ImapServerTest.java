package it.certmail.pec.access.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import it.certmail.pec.receipts.infra.PecTestProvider;

class ImapServerTest {

    AccessTestServer server;

    @BeforeEach
    void start() throws Exception {
        server = new AccessTestServer();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private RawClient login() throws Exception {
        RawClient c = new RawClient(server.imap.port());
        assertThat(c.line()).startsWith("* OK");
        assertThat(c.command("a0", "LOGIN " + AccessTestServer.BOB + " " + AccessTestServer.PASSWORD))
                .contains("a0 OK");
        return c;
    }

    @Test
    void serverShouldRefuseMailboxCommandsBeforeLogin() throws Exception {
        try (RawClient c = new RawClient(server.imap.port())) {
            assertThat(c.line()).startsWith("* OK [CAPABILITY IMAP4rev1");
            assertThat(c.command("a1", "SELECT INBOX")).contains("a1 BAD");
            assertThat(c.command("a2", "CAPABILITY")).contains("IDLE", "UIDPLUS", "MOVE", "QUOTA", "NAMESPACE",
                    "LITERAL+", "SPECIAL-USE", "ENABLE", "CHILDREN", "CONDSTORE", "AUTH=PLAIN", "a2 OK");
            assertThat(c.command("a3", "NOOP")).contains("a3 OK");
            assertThat(c.command("a4", "LOGIN bob@b.test wrong")).contains("a4 NO [AUTHENTICATIONFAILED]");
            assertThat(c.command("a5", "LOGOUT")).contains("* BYE", "a5 OK");
        }
    }

    @Test
    void loginShouldRefuseDisabledMailboxWithClearText() throws Exception {
        try (RawClient c = new RawClient(server.imap.port())) {
            c.line();
            assertThat(c.command("a1", "LOGIN " + AccessTestServer.OFF + " " + AccessTestServer.PASSWORD))
                    .contains("a1 NO [CONTACTADMIN] the mailbox off@b.test is disabled");
        }
    }

    @Test
    void malformedCommandsShouldGetBadAndKeepTheConnection() throws Exception {
        try (RawClient c = login()) {
            assertThat(c.command("b1", "FETCH")).contains("b1 BAD");
            assertThat(c.command("b2", "SELECT \"unterminated")).contains("b2 BAD");
            assertThat(c.command("b3", "UID FROB 1")).contains("b3 BAD");
            c.send("\r\n");
            assertThat(c.line()).startsWith("* BAD");
            c.send("b4 LOGIN {" + 900_000_000 + "}\r\n");
            assertThat(c.line()).startsWith("b4 BAD [TOOBIG]");
            c.send("x".repeat(10_000) + "\r\n");
            assertThat(c.line()).contains("BAD line too long");
            assertThat(c.command("b5", "NOOP")).contains("b5 OK");
        }
    }

    @Test
    void authenticatePlainWithLiteralsAndContinuationShouldLogIn() throws Exception {
        try (RawClient c = new RawClient(server.imap.port())) {
            c.line();
            c.send("a1 AUTHENTICATE PLAIN\r\n");
            assertThat(c.line()).startsWith("+");
            String plain = java.util.Base64.getEncoder().encodeToString(
                    ("\0" + AccessTestServer.BOB + "\0" + AccessTestServer.PASSWORD).getBytes(StandardCharsets.UTF_8));
            c.send(plain + "\r\n");
            assertThat(c.until("a1")).contains("a1 OK");
        }
        try (RawClient c = new RawClient(server.imap.port())) {
            c.line();
            c.send("a1 LOGIN {" + AccessTestServer.BOB.length() + "}\r\n");
            assertThat(c.line()).startsWith("+");
            c.send(AccessTestServer.BOB + " {" + AccessTestServer.PASSWORD.length() + "+}\r\n"
                    + AccessTestServer.PASSWORD + "\r\n");
            assertThat(c.until("a1")).contains("a1 OK");
        }
    }

    @Test
    void fetchShouldReturnExactBytesAndSections() throws Exception {
        byte[] raw = PecTestProvider.bytes(PecTestProvider.composer(
                it.certmail.pec.crypto.SignatureProfile.DEFAULT).acceptance(PecTestProvider.facts(),
                PecTestProvider.TIME));
        server.deliver(AccessTestServer.BOB, "INBOX", raw);
        try (RawClient c = login()) {
            String sel = c.command("s", "SELECT INBOX");
            assertThat(sel).contains("* 1 EXISTS", "[UIDVALIDITY ", "s OK [READ-WRITE]");
            c.send("f1 FETCH 1 (UID RFC822.SIZE BODY.PEEK[])\r\n");
            String head = c.line();
            assertThat(head).startsWith("* 1 FETCH (UID 1 RFC822.SIZE " + raw.length + " BODY[] {" + raw.length + "}");
            assertThat(c.bytes(raw.length)).isEqualTo(raw);
            assertThat(c.until("f1")).contains("f1 OK");
            String partial = c.command("f2", "FETCH 1 (BODY.PEEK[]<0.10> BODY.PEEK[HEADER.FIELDS (SUBJECT)])");
            assertThat(partial).contains("BODY[]<0> {10}\n" + new String(raw, 0, 10, StandardCharsets.ISO_8859_1));
            assertThat(partial).contains("BODY[HEADER.FIELDS (SUBJECT)] {");
            String structure = c.command("f3", "FETCH 1 (BODYSTRUCTURE ENVELOPE FLAGS)");
            assertThat(structure).contains("\"SIGNED\" (\"PROTOCOL\" \"application/pkcs7-signature\"", "\"ALTERNATIVE\"", "ENVELOPE (\"Mon, 10 Mar 2025", "FLAGS ()", "f3 OK");
            assertThat(c.command("f4", "FETCH 1 BODY[1]")).contains("FLAGS (\\Seen)", "f4 OK");
        }
    }

    @Test
    void moveShouldAnswerCopyUidAndExpungeTheSource() throws Exception {
        server.deliver(AccessTestServer.BOB, "INBOX", "Subject: one\r\n\r\nbody one\r\n".getBytes(StandardCharsets.US_ASCII));
        server.deliver(AccessTestServer.BOB, "INBOX", "Subject: two\r\n\r\nbody two\r\n".getBytes(StandardCharsets.US_ASCII));
        try (RawClient c = login()) {
            c.command("s", "SELECT INBOX");
            String move = c.command("m", "UID MOVE 1 Archive");
            assertThat(move).contains("* OK [COPYUID ", " 1 1] moved", "* 1 EXPUNGE", "m OK");
            assertThat(c.command("f", "FETCH 1 (UID BODY.PEEK[HEADER.FIELDS (SUBJECT)])")).contains("UID 2", "Subject: two");
            assertThat(c.command("st", "STATUS Archive (MESSAGES UIDNEXT)")).contains("MESSAGES 1 UIDNEXT 2");
        }
    }
}
