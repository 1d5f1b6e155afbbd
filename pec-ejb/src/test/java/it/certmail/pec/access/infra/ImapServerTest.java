package it.certmail.pec.access.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import it.certmail.pec.access.imap.domain.ImapSettings;

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
    void aClientTricklingBytesShouldStillBeCutAtThePreAuthTimeout() throws Exception {
        try (AccessTestServer slow = new AccessTestServer(ImapSettings.defaults()
                .withTimeouts(Duration.ofSeconds(1), Duration.ofMinutes(30)));
             RawClient imap = new RawClient(slow.imap.port());
             RawClient pop = new RawClient(slow.pop3.port())) {
            imap.line();
            pop.line();
            long t0 = System.nanoTime();
            String imapEnd = null;
            String popEnd = null;
            // a byte every 300 ms, never a whole command: only whole commands reset the idle timer
            for (int i = 0; i < 20 && (imapEnd == null || popEnd == null); i++) {
                Thread.sleep(300);
                imapEnd = imapEnd != null ? imapEnd : trickle(imap);
                popEnd = popEnd != null ? popEnd : trickle(pop);
            }
            assertThat(imapEnd).as("IMAP").isNotNull();
            assertThat(popEnd).as("POP3").isNotNull();
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
        }
    }

    /** Sends one byte; what the server said when it ended the connection, or null while it is open. */
    private static String trickle(RawClient c) {
        try {
            c.send("a");
            c.socket().setSoTimeout(1);
            String l = c.line();
            return l == null ? "<closed>" : l;
        } catch (java.net.SocketTimeoutException open) {
            return null;
        } catch (java.io.IOException closed) {
            return "<closed>";
        }
    }

    @Test
    void serverShouldRefuseMailboxCommandsBeforeLogin() throws Exception {
        try (RawClient c = new RawClient(server.imap.port())) {
            assertThat(c.line()).startsWith("* OK [CAPABILITY IMAP4rev1");
            assertThat(c.command("a1", "SELECT INBOX")).contains("a1 BAD");
            assertThat(c.command("a2", "CAPABILITY")).contains("IDLE", "UIDPLUS", "MOVE", "QUOTA", "NAMESPACE",
                    "LITERAL+", "SPECIAL-USE", "ENABLE", "CHILDREN", "CONDSTORE", "AUTH=PLAIN", "a2 OK");
            assertThat(c.command("a3", "NOOP")).contains("a3 OK");
            long failedBefore = server.failedLogins.imapTotal();
            assertThat(c.command("a4", "LOGIN bob@b.test wrong")).contains("a4 NO [AUTHENTICATIONFAILED]");
            assertThat(server.failedLogins.imapTotal()).as("counted for the metrics").isEqualTo(failedBefore + 1);
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
            // the top header from the cached header block: byte-exact, whole and partial
            int headerEnd = new String(raw, StandardCharsets.ISO_8859_1).indexOf("\r\n\r\n") + 4;
            c.send("f5 FETCH 1 (BODY.PEEK[HEADER])\r\n");
            assertThat(c.line()).isEqualTo("* 1 FETCH (BODY[HEADER] {" + headerEnd + "}");
            assertThat(c.bytes(headerEnd)).isEqualTo(java.util.Arrays.copyOf(raw, headerEnd));
            assertThat(c.until("f5")).contains("f5 OK");
            c.send("f6 FETCH 1 (BODY.PEEK[HEADER]<5.20>)\r\n");
            assertThat(c.line()).isEqualTo("* 1 FETCH (BODY[HEADER]<5> {20}");
            assertThat(c.bytes(20)).isEqualTo(java.util.Arrays.copyOfRange(raw, 5, 25));
            assertThat(c.until("f6")).contains("f6 OK");
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

    private static byte[] simple(String subject, int bodyBytes) {
        return ("From: ann@b.test\r\nTo: bob@b.test\r\nSubject: " + subject + "\r\n\r\n" + "x".repeat(bodyBytes)
                + "\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void idleShouldSeeADeliveryWithinASecond() throws Exception {
        try (RawClient c = login()) {
            c.command("s", "SELECT INBOX");
            c.send("i IDLE\r\n");
            assertThat(c.line()).startsWith("+");
            long start = System.nanoTime();
            server.deliver(AccessTestServer.BOB, "INBOX", simple("new", 10));
            assertThat(c.line()).isEqualTo("* 1 EXISTS");
            long millis = (System.nanoTime() - start) / 1_000_000;
            System.out.println("IDLE saw the delivery after " + millis + " ms");
            assertThat(millis).isLessThan(1000);
            c.send("DONE\r\n");
            assertThat(c.until("i")).contains("i OK");
        }
    }

    @Test
    void expungeInOneSessionShouldReachTheOtherWithoutRenumberingDuringFetch() throws Exception {
        for (int i = 1; i <= 3; i++) {
            server.deliver(AccessTestServer.BOB, "INBOX", simple("m" + i, 10));
        }
        try (RawClient a = login(); RawClient b = login()) {
            a.command("s", "SELECT INBOX");
            b.command("s", "SELECT INBOX");
            assertThat(a.command("d", "STORE 2 +FLAGS.SILENT (\\Deleted)")).contains("d OK");
            assertThat(a.command("e", "EXPUNGE")).contains("* 2 EXPUNGE", "e OK");
            // b still calls the second message 2 and must not get m3 for it; no EXPUNGE during FETCH
            String fetch = b.command("f", "FETCH 2:3 (UID BODY.PEEK[HEADER.FIELDS (SUBJECT)])");
            assertThat(fetch).doesNotContain("* 2 EXPUNGE").doesNotContain("* 2 FETCH (UID 3");
            assertThat(fetch).contains("* 3 FETCH (UID 3", "Subject: m3", "f NO [EXPUNGEISSUED]");
            String noop = b.command("n", "NOOP");
            assertThat(noop).contains("* 2 EXPUNGE", "n OK");
            assertThat(b.command("g", "FETCH 2 (UID)")).contains("* 2 FETCH (UID 3)");
        }
        assertThat(server.count("SELECT COUNT(*) FROM message_blob")).isEqualTo(2);
    }

    @Test
    void flagChangesAndDeliveriesShouldReachAnIdlingSessionAsFetchAndExists() throws Exception {
        for (int i = 1; i <= 5; i++) {
            server.deliver(AccessTestServer.BOB, "INBOX", simple("m" + i, 10));
        }
        try (RawClient a = login(); RawClient b = login()) {
            a.command("s", "SELECT INBOX");
            assertThat(b.command("s", "SELECT INBOX")).contains("* 5 EXISTS", "[UNSEEN 1]");
            b.send("i IDLE\r\n");
            assertThat(b.line()).startsWith("+");
            assertThat(a.command("st", "UID STORE 2,4 +FLAGS.SILENT (\\Flagged)")).contains("st OK");
            String first = b.line();
            String second = b.line();
            assertThat(first + second).contains("* 2 FETCH (FLAGS (\\Flagged) UID 2)",
                    "* 4 FETCH (FLAGS (\\Flagged) UID 4)");
            server.deliver(AccessTestServer.BOB, "INBOX", simple("m6", 10));
            assertThat(b.line()).isEqualTo("* 6 EXISTS");
            b.send("DONE\r\n");
            assertThat(b.until("i")).contains("i OK");
            String sparse = b.command("f", "UID FETCH 1,3,6 (UID FLAGS BODY.PEEK[HEADER.FIELDS (SUBJECT)])");
            assertThat(sparse).contains("* 1 FETCH (UID 1 FLAGS ()", "* 3 FETCH (UID 3", "Subject: m3",
                    "* 6 FETCH (UID 6", "Subject: m6", "f OK").doesNotContain("Subject: m2");
            assertThat(b.command("se", "UID SEARCH FLAGGED")).contains("* SEARCH 2 4");
            assertThat(b.command("sz", "SEARCH LARGER 1 SUBJECT m5")).contains("* SEARCH 5\n");
        }
    }

    @Test
    void folderNamesShouldTravelAsModifiedUtf7AndBeStoredAsUnicode() throws Exception {
        try (RawClient c = login()) {
            assertThat(c.command("c", "CREATE \"Fatture/Citt&AOA-\"")).contains("c OK");
            assertThat(c.command("l", "LIST \"\" \"Fatture/*\"")).contains("\"/\" Fatture/Citt&AOA-\n");
            assertThat(c.command("s", "SELECT \"Fatture/Citt&AOA-\"")).contains("s OK [READ-WRITE]");
            assertThat(c.command("st", "STATUS \"Fatture/Citt&AOA-\" (MESSAGES)"))
                    .contains("* STATUS Fatture/Citt&AOA- (MESSAGES 0)");
        }
        assertThat(server.count("SELECT COUNT(*) FROM mail_folder WHERE name = 'Fatture/Città'")).isEqualTo(1);
    }

    @Test
    void appendOverQuotaShouldAnswerOverquotaAndGetQuotaShouldReportKib() throws Exception {
        server.tx(em -> em.createQuery("UPDATE Mailbox m SET m.quotaBytes = 2048 WHERE m.address = :a")
                .setParameter("a", AccessTestServer.BOB).executeUpdate());
        try (RawClient c = login()) {
            assertThat(c.command("q", "GETQUOTAROOT INBOX")).contains("* QUOTAROOT \"INBOX\" \"\"",
                    "* QUOTA \"\" (STORAGE 0 2)");
            byte[] big = simple("big", 4000);
            c.send("a APPEND Sent (\\Seen) {" + big.length + "+}\r\n");
            c.sendBytes(big);
            c.send("\r\n");
            assertThat(c.until("a")).contains("a NO [OVERQUOTA]");
            byte[] small = simple("small", 100);
            c.send("b APPEND Drafts (\\Draft) {" + small.length + "}\r\n");
            assertThat(c.line()).startsWith("+");
            c.sendBytes(small);
            c.send("\r\n");
            assertThat(c.until("b")).contains("b OK [APPENDUID ");
            assertThat(c.command("q2", "GETQUOTA \"\"")).contains("(STORAGE 1 2)");
        }
        assertThat(server.count("SELECT COUNT(*) FROM message_blob")).isEqualTo(1);
    }

    @Test
    void searchStoreAndFolderCommandsShouldWork() throws Exception {
        server.deliver(AccessTestServer.BOB, "INBOX", simple("Fattura 42", 10));
        server.deliver(AccessTestServer.BOB, "INBOX", simple("Altro", 10));
        try (RawClient c = login()) {
            assertThat(c.command("c", "CREATE Progetti/2026")).contains("c OK");
            assertThat(c.command("l", "LIST \"\" \"*\"")).contains("(\\HasChildren) \"/\" Progetti",
                    "\\Sent) \"/\" Sent", "\\Archive) \"/\" Archive");
            assertThat(c.command("r", "RENAME Progetti Lavori")).contains("r OK");
            assertThat(c.command("l2", "LIST \"\" \"Lavori/%\"")).contains("Lavori/2026");
            assertThat(c.command("u", "UNSUBSCRIBE Lavori/2026")).contains("u OK");
            assertThat(c.command("ls", "LSUB \"\" \"*\"")).doesNotContain("Lavori/2026").contains("INBOX");
            c.command("s", "SELECT INBOX");
            assertThat(c.command("s1", "SEARCH SUBJECT fattura")).contains("* SEARCH 1\n");
            assertThat(c.command("s2", "UID SEARCH OR SUBJECT altro LARGER 100000")).contains("* SEARCH 2\n");
            assertThat(c.command("st", "STORE 1:2 +FLAGS ($Label1 \\Flagged)")).contains(
                    "* 1 FETCH (FLAGS (\\Flagged $Label1))");
            assertThat(c.command("s3", "SEARCH FLAGGED NOT KEYWORD $Other")).contains("* SEARCH 1 2\n");
            assertThat(c.command("cs", "FETCH 1 (MODSEQ)")).contains("MODSEQ (");
            assertThat(c.command("cp", "COPY 1 Lavori")).contains("[COPYUID ");
            assertThat(c.command("d", "DELETE Lavori/2026")).contains("d OK");
            assertThat(c.command("d2", "DELETE INBOX")).contains("d2 NO");
        }
    }

    @Test
    void fetchOfHeadersShouldBeMeasured() throws Exception {
        int n = 500;
        for (int i = 0; i < n; i++) {
            server.deliver(AccessTestServer.BOB, "INBOX", simple("msg " + i, 2000));
        }
        try (RawClient c = login()) {
            c.command("s", "SELECT INBOX");
            long t0 = System.nanoTime();
            String cold = c.command("f", "FETCH 1:* (UID FLAGS RFC822.SIZE ENVELOPE BODY.PEEK[HEADER])");
            long t1 = System.nanoTime();
            String warm = c.command("g", "FETCH 1:* (UID FLAGS RFC822.SIZE ENVELOPE BODY.PEEK[HEADER])");
            long t2 = System.nanoTime();
            assertThat(cold).contains("* " + n + " FETCH", "f OK");
            assertThat(warm).contains("* " + n + " FETCH", "g OK");
            System.out.printf("FETCH headers+envelope of %d messages: %d ms cold, %d ms warm%n", n,
                    (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000);
        }
    }

    @Test
    void failedLoginPausesShouldNotHoldTheWorkersOfOtherSessions() throws Exception {
        server.close();
        server = new AccessTestServer(it.certmail.pec.access.imap.domain.ImapSettings.defaults()
                .withLoginFailureDelay(java.time.Duration.ofSeconds(2)));
        int guessers = server.workers.getMaximumPoolSize() + 2;
        java.util.List<RawClient> failing = new java.util.ArrayList<>();
        try (RawClient honest = new RawClient(server.imap.port())) {
            assertThat(honest.line()).startsWith("* OK");
            for (int i = 0; i < guessers; i++) {
                RawClient c = new RawClient(server.imap.port());
                failing.add(c);
                assertThat(c.line()).startsWith("* OK");
            }
            java.util.concurrent.ExecutorService readers = java.util.concurrent.Executors.newFixedThreadPool(guessers);
            java.util.List<java.util.concurrent.Future<Long>> refusedAt = new java.util.ArrayList<>();
            for (RawClient c : failing) {
                c.send("g1 LOGIN " + AccessTestServer.BOB + " wrong-password\r\n");
                refusedAt.add(readers.submit(() -> {
                    assertThat(c.until("g1")).contains("g1 NO [AUTHENTICATIONFAILED]");
                    return System.nanoTime();
                }));
            }
            Thread.sleep(200); // every guess is in its pause now
            assertThat(honest.command("h1", "NOOP")).contains("h1 OK");
            long noopAnswered = System.nanoTime();
            for (var f : refusedAt) {
                // with a worker asleep per guess, the NOOP would have queued behind the first refusals
                assertThat(f.get(30, java.util.concurrent.TimeUnit.SECONDS)).isGreaterThan(noopAnswered);
            }
            readers.shutdown();
            // the pause also holds the guesser's next command behind the refusal, in order
            RawClient first = failing.get(0);
            first.send("g2 LOGIN " + AccessTestServer.BOB + " wrong-again\r\ng3 NOOP\r\n");
            String answers = first.until("g3");
            assertThat(answers.indexOf("g2 NO")).isGreaterThanOrEqualTo(0).isLessThan(answers.indexOf("g3 OK"));
        } finally {
            for (RawClient c : failing) {
                c.close();
            }
        }
    }
}
