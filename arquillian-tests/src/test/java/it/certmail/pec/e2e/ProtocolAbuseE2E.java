package it.certmail.pec.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import it.certmail.pec.crypto.TlsContexts;
import it.certmail.pec.e2e.support.Mailbox;
import it.certmail.pec.e2e.support.OpenSsl;
import it.certmail.pec.e2e.support.PecServer;

/**
 * Abuso dei protocolli contro il server in esecuzione: one real server ({@code ./pec run}) and raw TLS sockets.
 * Overlong lines and a 2 GB IMAP literal, pipelining floods, a slowloris connection, more connections from one
 * address than allowed, AUTH guessing on SMTP submission, IMAP and POP3, client-initiated TLS renegotiation: each
 * gets a clear refusal (an error reply or a closed connection, never a hang). During each abuse an honest client,
 * from another loopback address (so the per-address limits are not its own), must get its answer; the figures are
 * printed (bench/README.md keeps them) and asserted only grossly. Afterwards {@code /health/ready} is UP and the
 * server's resident memory has not grown grossly. Then {@code openssl s_client} probes every TLS listener: TLS 1.2
 * and 1.3 accepted, TLS 1.1 and weak suites refused.
 */
class ProtocolAbuseE2E {

    /** Gross bound for the honest client (the target is 1 s; the figures are recorded, not asserted tightly). */
    private static final long HONEST_BOUND_MS = 5_000;
    private static final int PRE_AUTH_TIMEOUT_SECONDS = 6;
    private static final int SMTP_PRE_AUTH_TIMEOUT_SECONDS = 12;
    private static final String HONEST_HOST = "127.0.0.2";
    private static final String ABUSER_HOST = "127.0.0.1";
    /** The reception point's deadline between progress points (300 s by default) and under stress (10 s). */
    private static final int RECEPTION_COMMAND_TIMEOUT_SECONDS = 10;
    private static final int RECEPTION_STRESS_TIMEOUT_SECONDS = 3;

    private static PecServer server;
    private static SSLContext tls;
    private static Mailbox honest;
    private static long rssBeforeKb;
    private static final List<String> FIGURES = new ArrayList<>();

    @BeforeAll
    static void startServer() throws Exception {
        server = new PecServer("abuse", "pec.abuse.test", "PEC Abuso Prova").freshDataDir();
        server.env("PEC_ACCESS_PREAUTH_TIMEOUT_SECONDS", Integer.toString(PRE_AUTH_TIMEOUT_SECONDS))
                // longer than the AUTH guessing test's three slowed failures (about 7.5 s)
                .env("PEC_SMTP_PREAUTH_TIMEOUT_SECONDS", Integer.toString(SMTP_PRE_AUTH_TIMEOUT_SECONDS))
                .env("PEC_SMTP_RECEPTION_COMMAND_TIMEOUT_SECONDS", Integer.toString(RECEPTION_COMMAND_TIMEOUT_SECONDS))
                .env("PEC_SMTP_RECEPTION_STRESS_TIMEOUT_SECONDS", Integer.toString(RECEPTION_STRESS_TIMEOUT_SECONDS))
                .startAndWait();
        server.rest().createDomain("abuse.test");
        honest = server.mailbox("onesta@abuse.test", "Utente Onesta");
        tls = TlsContexts.client(List.of(server.caCertificate()));
        // the first login of a fresh server is slow (classes, JIT, first transactions): not an abuse's effect
        long cold = honestImap();
        FIGURES.add("honest IMAP client on the idle server: first " + cold + " ms, then " + honestImap() + " ms");
        rssBeforeKb = rssKb();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            long rssAfter = rssKb();
            FIGURES.add("server RSS before " + rssBeforeKb / 1024 + " MB, after " + rssAfter / 1024 + " MB");
            System.out.println("=== ProtocolAbuseE2E figures ===\n" + String.join("\n", FIGURES));
            server.stop();
        }
    }

    // --- abuse ---

    @Test
    void overlongLinesAndLiteralsShouldBeRefusedWithAnError() throws Exception {
        byte[] megabyte = new byte[1024 * 1024];
        java.util.Arrays.fill(megabyte, (byte) 'x');
        // IMAP: a synchronising literal of 2 GB is refused before a byte of it is sent
        try (Raw imap = Raw.tls(server.imapPort(), ABUSER_HOST)) {
            assertThat(imap.line()).startsWith("* OK");
            imap.send("a1 APPEND INBOX {2147483648}\r\n");
            String reply = during("IMAP 2 GB literal", imap::line);
            assertThat(reply).startsWith("a1 ").containsIgnoringCase("TOOBIG");
            // a 1 MB line: an error, and the connection still answers the next command
            imap.send(megabyte);
            imap.send("\r\na2 NOOP\r\n");
            String tooLong = imap.line();
            assertThat(tooLong).containsIgnoringCase("too long");
            assertThat(imap.untilTagged("a2")).startsWith("a2 OK");
        }
        // IMAP: a non-synchronising literal of 2 GB, whose bytes then really come: discarded, never buffered
        try (Raw imap = Raw.tls(server.imapPort(), ABUSER_HOST)) {
            imap.line();
            imap.send("b1 APPEND INBOX {2147483648+}\r\n");
            assertThat(imap.line()).startsWith("b1 ").containsIgnoringCase("TOOBIG");
            long t0 = System.nanoTime();
            int sent = 0;
            try {
                for (; sent < 64; sent++) {
                    imap.send(megabyte); // 64 MB of the announced literal
                }
                FIGURES.add("IMAP: 64 MB of a refused 2 GB literal discarded in " + ms(t0) + " ms");
            } catch (IOException cut) {
                // a loaded machine sends slower than the pre-auth timeout: no whole command came, so it is cut
                FIGURES.add("IMAP: refused 2 GB literal, connection cut at the pre-auth timeout after " + sent
                        + " MB discarded in " + ms(t0) + " ms");
                assertThat(ms(t0)).isGreaterThanOrEqualTo(PRE_AUTH_TIMEOUT_SECONDS * 1000L - 1000);
            }
            assertThat(honestImap()).isLessThan(HONEST_BOUND_MS);
        }
        // POP3 and SMTP: a 1 MB line
        try (Raw pop = Raw.tls(server.pop3Port(), ABUSER_HOST)) {
            assertThat(pop.line()).startsWith("+OK");
            pop.send(megabyte);
            pop.send("\r\n");
            String reply = during("POP3 1 MB line", pop::line);
            assertThat(reply).startsWith("-ERR");
        }
        try (Raw smtp = Raw.tls(server.submissionPort(), ABUSER_HOST)) {
            assertThat(smtp.line()).startsWith("220");
            String reply = during("SMTP 1 MB line", () -> {
                try {
                    smtp.send(megabyte);
                    smtp.send("\r\n");
                } catch (IOException closedWhileSending) {
                    // SubEthaSMTP ends the connection once the line passes its limit, before the rest arrives
                    return "<closed> while sending";
                }
                return smtp.lineOrClosed();
            });
            assertThat(reply).as("an error reply or a closed connection").matches("(5\\d\\d.*|<closed>.*)");
        }
        assertHealthy();
    }

    @Test
    void pipeliningFloodsShouldBeAnsweredWithoutStarvingOthers() throws Exception {
        int n = 5_000;
        try (Raw imap = Raw.tls(server.imapPort(), ABUSER_HOST)) {
            imap.line();
            StringBuilder flood = new StringBuilder();
            for (int i = 0; i < n; i++) {
                flood.append('f').append(i).append(" NOOP\r\n");
            }
            long t0 = System.nanoTime();
            imap.send(flood.toString());
            String last = during("IMAP flood of " + n + " NOOP", () -> imap.untilTagged("f" + (n - 1)));
            FIGURES.add("IMAP: " + n + " pipelined NOOP answered in " + ms(t0) + " ms");
            assertThat(last).startsWith("f" + (n - 1) + " OK");
        }
        try (Raw pop = Raw.tls(server.pop3Port(), ABUSER_HOST)) {
            pop.line();
            long t0 = System.nanoTime();
            pop.send("NOOP\r\n".repeat(n));
            String last = during("POP3 flood of " + n + " NOOP", () -> {
                String l = null;
                for (int i = 0; i < n; i++) {
                    l = pop.line();
                }
                return l;
            });
            FIGURES.add("POP3: " + n + " pipelined NOOP answered in " + ms(t0) + " ms");
            assertThat(last).matches("[+-](OK|ERR).*");
        }
        try (Raw smtp = Raw.tls(server.submissionPort(), ABUSER_HOST)) {
            smtp.line();
            long t0 = System.nanoTime();
            smtp.send("NOOP\r\n".repeat(n));
            String last = during("SMTP flood of " + n + " NOOP", () -> {
                String l = null;
                for (int i = 0; i < n; i++) {
                    l = smtp.lineOrClosed();
                    if (l.equals("<closed>")) {
                        break;
                    }
                }
                return l;
            });
            FIGURES.add("SMTP: " + n + " pipelined NOOP answered in " + ms(t0) + " ms (last: " + last + ")");
            assertThat(last).matches("(250.*|<closed>|[45]\\d\\d.*)");
        }
        assertHealthy();
    }

    @Test
    void slowlorisShouldBeCutAtThePreAuthTimeout() throws Exception {
        for (int port : new int[] {server.imapPort(), server.pop3Port(), server.submissionPort()}) {
            int timeout = port == server.submissionPort() ? SMTP_PRE_AUTH_TIMEOUT_SECONDS : PRE_AUTH_TIMEOUT_SECONDS;
            try (Raw slow = Raw.tls(port, ABUSER_HOST)) {
                slow.line();
                long t0 = System.nanoTime();
                boolean closed = false;
                // a byte every 2 s, never a whole command: the connection is cut at the pre-auth timeout, not kept
                for (int i = 0; i < 3 * timeout && !closed; i++) {
                    try {
                        slow.send("A");
                        slow.socket.setSoTimeout(2_000);
                        String l = slow.lineOrClosed();
                        closed = l.equals("<closed>") || l.startsWith("* BYE") || l.startsWith("-ERR");
                    } catch (SocketTimeoutException stillOpen) {
                        if (i == 1) {
                            FIGURES.add("slowloris on port " + port + ": honest client answered in " + honestImap()
                                    + " ms");
                        }
                    } catch (IOException reset) {
                        closed = true;
                    }
                }
                long took = ms(t0);
                FIGURES.add("slowloris on port " + port + ": cut after " + took + " ms (pre-auth timeout "
                        + timeout + " s)");
                assertThat(closed).as("the trickling connection is closed").isTrue();
                assertThat(took).isLessThan((timeout + 10) * 1000L);
            }
        }
        assertHealthy();
    }

    @Test
    void connectionsBeyondThePerAddressLimitShouldBeRefused() throws Exception {
        List<Raw> open = new ArrayList<>();
        try {
            // IMAP and POP3: 20 per address, the 21st gets a BYE / -ERR [IN-USE] and is closed
            String refusedImap = null;
            for (int i = 0; i < 30 && refusedImap == null; i++) {
                Raw c = Raw.tls(server.imapPort(), ABUSER_HOST);
                open.add(c);
                String greeting = c.lineOrClosed();
                if (!greeting.startsWith("* OK")) {
                    refusedImap = "connection " + (i + 1) + ": " + greeting;
                }
            }
            FIGURES.add("IMAP per-address limit: " + refusedImap + "; honest client answered in " + honestImap() + " ms");
            assertThat(refusedImap).contains("too many connections");
            String refusedPop = null;
            for (int i = 0; i < 30 && refusedPop == null; i++) {
                Raw c = Raw.tls(server.pop3Port(), ABUSER_HOST);
                open.add(c);
                String greeting = c.lineOrClosed();
                if (!greeting.startsWith("+OK")) {
                    refusedPop = "connection " + (i + 1) + ": " + greeting;
                }
            }
            FIGURES.add("POP3 per-address limit: " + refusedPop);
            assertThat(refusedPop).contains("too many connections");
            String refusedSmtp = null;
            for (int i = 0; i < 30 && refusedSmtp == null; i++) {
                Raw c = Raw.tls(server.submissionPort(), ABUSER_HOST);
                open.add(c);
                String greeting = c.lineOrClosed();
                if (!greeting.startsWith("220")) {
                    refusedSmtp = "connection " + (i + 1) + ": " + greeting;
                }
            }
            long honestSmtp = honestSmtp();
            FIGURES.add("SMTP submission per-address limit: " + refusedSmtp + "; honest SMTP client answered in "
                    + honestSmtp + " ms");
            assertThat(refusedSmtp).startsWith("connection 21: 421");
            assertThat(honestSmtp).isLessThan(HONEST_BOUND_MS);
        } finally {
            for (Raw c : open) {
                c.close();
            }
        }
        assertHealthy();
    }

    @Test
    void authGuessingShouldBeSlowedAndCutOff() throws Exception {
        // IMAP: three wrong passwords, each answered after a delay; then BYE
        try (Raw imap = Raw.tls(server.imapPort(), ABUSER_HOST)) {
            imap.line();
            long t0 = System.nanoTime();
            List<String> replies = new ArrayList<>();
            for (int i = 1; i <= 4; i++) {
                imap.send("g" + i + " LOGIN " + honest.address() + " wrong-" + i + "\r\n");
                String r = imap.lineOrClosed();
                replies.add(r);
                if (r.startsWith("* BYE")) {
                    replies.add(imap.lineOrClosed());
                }
                if (r.equals("<closed>") || r.startsWith("* BYE")) {
                    break;
                }
            }
            long took = ms(t0);
            FIGURES.add("IMAP guessing: " + replies + " in " + took + " ms; honest client " + honestImap() + " ms");
            assertThat(replies).anyMatch(r -> r.startsWith("* BYE") || r.equals("<closed>"));
            assertThat(replies.get(0)).startsWith("g1 NO");
            assertThat(took).as("slowed").isGreaterThanOrEqualTo(3_000);
        }
        try (Raw pop = Raw.tls(server.pop3Port(), ABUSER_HOST)) {
            pop.line();
            long t0 = System.nanoTime();
            List<String> replies = new ArrayList<>();
            for (int i = 1; i <= 6; i++) {
                pop.send("USER " + honest.address() + "\r\n");
                String u = pop.lineOrClosed();
                if (u.equals("<closed>")) {
                    replies.add(u);
                    break;
                }
                pop.send("PASS wrong-" + i + "\r\n");
                String r = pop.lineOrClosed();
                replies.add(r);
                if (r.equals("<closed>")) {
                    break;
                }
            }
            long took = ms(t0);
            FIGURES.add("POP3 guessing: " + replies + " in " + took + " ms");
            assertThat(replies.get(0)).startsWith("-ERR");
            assertThat(replies).contains("<closed>");
            assertThat(took).as("slowed").isGreaterThanOrEqualTo(3_000);
        }
        try (Raw smtp = Raw.tls(server.submissionPort(), ABUSER_HOST)) {
            smtp.line();
            smtp.send("EHLO guesser\r\n");
            smtp.untilSmtpEnd();
            long t0 = System.nanoTime();
            List<String> replies = new ArrayList<>();
            List<Long> delays = new ArrayList<>();
            for (int i = 1; i <= 6; i++) {
                long s = System.nanoTime();
                smtp.send("AUTH PLAIN " + Base64.getEncoder().encodeToString(("\0" + honest.address() + "\0wrong-" + i)
                        .getBytes(StandardCharsets.UTF_8)) + "\r\n");
                String r = smtp.lineOrClosed();
                delays.add(ms(s));
                replies.add(r);
                if (r.equals("<closed>") || r.startsWith("421")) {
                    break;
                }
                if (i == 2) {
                    FIGURES.add("SMTP guessing: honest SMTP client answered in " + honestSmtp() + " ms");
                }
            }
            if (!replies.get(replies.size() - 1).equals("<closed>")) {
                replies.add(smtp.lineOrClosed());
            }
            FIGURES.add("SMTP guessing: " + replies + ", delays " + delays + " ms, total " + ms(t0) + " ms");
            assertThat(replies.get(0)).startsWith("535");
            assertThat(replies).as("the third failure is told why and the connection ends")
                    .anyMatch(r -> r.startsWith("421 4.7.0 Too many failed logins")).contains("<closed>");
            assertThat(delays.get(1)).as("the delay doubles").isGreaterThan(delays.get(0));
        }
        assertHealthy();
    }

    @Test
    void clientInitiatedRenegotiationShouldBeRefused() throws Exception {
        OpenSsl.assumeAvailable();
        for (int port : new int[] {server.imapPort(), server.submissionPort(), server.httpsPort()}) {
            // "R" on a line of its own asks s_client to renegotiate (TLS 1.2 only: 1.3 has none)
            SClient r = sClient(List.of("-connect", "127.0.0.1:" + port, "-tls1_2"), "R\n", 10);
            boolean renegotiated = r.out().contains("RENEGOTIATING") && r.out().contains("verify return:")
                    && r.out().indexOf("verify return:", r.out().indexOf("RENEGOTIATING")) > 0;
            FIGURES.add("renegotiation on port " + port + ": " + (renegotiated ? "DONE" : "refused") + " (exit "
                    + r.exit() + ")");
            assertThat(r.out()).contains("RENEGOTIATING");
            assertThat(renegotiated).as("a second handshake on port " + port + "\n" + r.out()).isFalse();
            assertThat(honestImap()).isLessThan(HONEST_BOUND_MS);
        }
        assertHealthy();
    }

    // --- TLS on every listener ---

    @Test
    void everyListenerShouldSpeakOnlyTls12And13WithStrongSuites() throws Exception {
        OpenSsl.assumeAvailable();
        record Listener(String name, int port, List<String> extra) {
        }
        List<Listener> listeners = List.of(
                new Listener("SMTP submission (implicit TLS)", server.submissionPort(), List.of()),
                new Listener("SMTP submission (STARTTLS)", server.startTlsPort(), List.of("-starttls", "smtp")),
                new Listener("SMTP reception (STARTTLS)", server.inboundPort(), List.of("-starttls", "smtp")),
                new Listener("IMAP", server.imapPort(), List.of()),
                new Listener("POP3", server.pop3Port(), List.of()),
                new Listener("HTTPS", server.httpsPort(), List.of()));
        for (Listener l : listeners) {
            List<String> base = new ArrayList<>(List.of("-connect", "127.0.0.1:" + l.port()));
            base.addAll(l.extra());
            assertThat(handshake(base, "-tls1_3")).as(l.name() + " TLS 1.3").isTrue();
            assertThat(handshake(base, "-tls1_2")).as(l.name() + " TLS 1.2").isTrue();
            // the client side allows the old protocols (SECLEVEL=0), so only the server can refuse them
            assertThat(handshake(base, "-tls1_1", "-cipher", "ALL:@SECLEVEL=0")).as(l.name() + " TLS 1.1").isFalse();
            assertThat(handshake(base, "-tls1", "-cipher", "ALL:@SECLEVEL=0")).as(l.name() + " TLS 1.0").isFalse();
            assertThat(handshake(base, "-tls1_2", "-cipher", "RC4:3DES:NULL:EXPORT:DES:MD5:aNULL:eNULL:@SECLEVEL=0"))
                    .as(l.name() + " weak suites").isFalse();
            assertThat(handshake(base, "-tls1_2", "-cipher", "kRSA:@SECLEVEL=0"))
                    .as(l.name() + " RSA key exchange (no forward secrecy)").isFalse();
            FIGURES.add("TLS " + l.name() + ": 1.3 and 1.2 accepted; 1.1, 1.0, RC4/3DES/NULL/EXPORT, kRSA refused");
        }
    }

    @Test
    void slowlorisOnTheReceptionPointShouldBeCutAndNeverStarveAPeer() throws Exception {
        // one connection trickling a byte a second, never a whole command: cut at the command deadline
        try (Raw slow = Raw.plain(server.inboundPort(), ABUSER_HOST)) {
            assertThat(slow.line()).startsWith("220");
            long t0 = System.nanoTime();
            String end = null;
            for (int i = 0; i < 3 * RECEPTION_COMMAND_TIMEOUT_SECONDS && end == null; i++) {
                try {
                    slow.send("E");
                    slow.socket.setSoTimeout(1_000);
                    String l = slow.lineOrClosed();
                    end = l;
                } catch (SocketTimeoutException stillOpen) {
                    if (i == 2) {
                        long honestMs = honestReception();
                        FIGURES.add("slowloris on port 25: honest SMTP peer answered in " + honestMs + " ms");
                        assertThat(honestMs).isBetween(0L, HONEST_BOUND_MS);
                    }
                } catch (IOException reset) {
                    end = "<closed>";
                }
            }
            long took = ms(t0);
            FIGURES.add("slowloris on port 25: cut after " + took + " ms (" + end + "; deadline "
                    + RECEPTION_COMMAND_TIMEOUT_SECONDS + " s)");
            assertThat(end).as("the trickling connection is closed").isNotNull()
                    .matches("421 4\\.4\\.2.*|<closed>");
            assertThat(took).isLessThan((RECEPTION_COMMAND_TIMEOUT_SECONDS + 10) * 1000L);
        }
        // the listener (200) filled by trickling connections from ten addresses, 20 each (the per-address limit)
        List<Raw> stalled = new ArrayList<>();
        try {
            for (int a = 10; a < 20; a++) {
                for (int j = 0; j < 20; j++) {
                    Raw c = Raw.plain(server.inboundPort(), "127.0.0." + a);
                    c.socket.setSoTimeout(10_000);
                    if (c.lineOrClosed().startsWith("220")) {
                        stalled.add(c);
                    } else {
                        c.close();
                    }
                }
            }
            int opened = stalled.size();
            long t0 = System.nanoTime();
            long honestMs = -1;
            int refused = 0;
            while (honestMs < 0 && ms(t0) < 30_000) {
                for (Raw c : stalled) {
                    try {
                        c.send("E");
                    } catch (IOException cut) {
                        // already cut
                    }
                }
                honestMs = honestReception();
                if (honestMs < 0) {
                    refused++;
                    Thread.sleep(500);
                }
            }
            long served = ms(t0);
            int cut = 0;
            for (Raw c : stalled) {
                c.socket.setSoTimeout(200);
                try {
                    String l = c.lineOrClosed();
                    if (l.startsWith("421") || l.equals("<closed>")) {
                        cut++;
                    }
                } catch (SocketTimeoutException stillOpen) {
                    // not cut yet
                }
            }
            FIGURES.add("slowloris on port 25, " + opened + " trickling connections from 10 addresses: honest SMTP peer "
                    + (honestMs < 0 ? "never served" : "served after " + served + " ms (" + refused
                    + " refusals while full; its own session " + honestMs + " ms)") + "; " + cut + " stalled cut");
            assertThat(honestMs).as("an honest peer gets through").isBetween(0L, HONEST_BOUND_MS);
            assertThat(served).isLessThan((RECEPTION_STRESS_TIMEOUT_SECONDS + 10) * 1000L);
        } finally {
            for (Raw c : stalled) {
                c.close();
            }
        }
        assertHealthy();
    }

    // --- the honest client and the checks ---

    /**
     * An honest peer provider at the reception point, in clear from another loopback address: greeting, EHLO, MAIL,
     * RCPT to the honest mailbox, RSET, QUIT; the time it took, or -1 when refused with 421 (listener full).
     */
    private static long honestReception() throws IOException {
        long t0 = System.nanoTime();
        try (Raw c = Raw.plain(server.inboundPort(), HONEST_HOST)) {
            String greeting = c.lineOrClosed();
            if (greeting.startsWith("421") || greeting.equals("<closed>")) {
                return -1;
            }
            assertThat(greeting).startsWith("220");
            c.send("EHLO honest.other.test\r\n");
            assertThat(c.untilSmtpEnd()).startsWith("250");
            c.send("MAIL FROM:<posta-certificata@honest.other.test>\r\n");
            assertThat(c.line()).startsWith("250");
            c.send("RCPT TO:<" + honest.address() + ">\r\n");
            assertThat(c.line()).matches("[245]\\d\\d .*");
            c.send("RSET\r\n");
            assertThat(c.line()).startsWith("250");
            c.send("QUIT\r\n");
        }
        return ms(t0);
    }

    /** Runs the abuse's read while the honest IMAP client measures its own answer time. */
    private static String during(String what, IoCall<String> abuseRead) throws Exception {
        long honestMs = honestImap();
        long t0 = System.nanoTime();
        String r = abuseRead.call();
        FIGURES.add(what + ": refused/answered in " + ms(t0) + " ms (" + r.substring(0, Math.min(80, r.length()))
                + "); honest IMAP client meanwhile " + honestMs + " ms");
        assertThat(honestMs).as("honest client during " + what).isLessThan(HONEST_BOUND_MS);
        return r;
    }

    /** TLS connect, greeting, LOGIN, SELECT INBOX, LOGOUT from another loopback address; the time it took. */
    private static long honestImap() throws IOException {
        long t0 = System.nanoTime();
        try (Raw c = Raw.tls(server.imapPort(), HONEST_HOST)) {
            assertThat(c.line()).startsWith("* OK");
            c.send("h1 LOGIN " + honest.address() + " " + quoted(honest.password()) + "\r\n");
            assertThat(c.untilTagged("h1")).startsWith("h1 OK");
            c.send("h2 SELECT INBOX\r\n");
            assertThat(c.untilTagged("h2")).startsWith("h2 OK");
            c.send("h3 LOGOUT\r\n");
            c.untilTagged("h3");
        }
        return ms(t0);
    }

    /** TLS connect, greeting, EHLO, AUTH (right password), QUIT from another loopback address. */
    private static long honestSmtp() throws IOException {
        long t0 = System.nanoTime();
        try (Raw c = Raw.tls(server.submissionPort(), HONEST_HOST)) {
            assertThat(c.line()).startsWith("220");
            c.send("EHLO honest\r\n");
            assertThat(c.untilSmtpEnd()).startsWith("250");
            c.send("AUTH PLAIN " + Base64.getEncoder().encodeToString(("\0" + honest.address() + "\0"
                    + honest.password()).getBytes(StandardCharsets.UTF_8)) + "\r\n");
            assertThat(c.line()).startsWith("235");
            c.send("QUIT\r\n");
        }
        return ms(t0);
    }

    private static String quoted(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static void assertHealthy() throws Exception {
        assertThat(server.isAlive()).isTrue();
        var r = server.rest().get("/health/ready", null, null);
        assertThat(r.status()).as("/health/ready: " + r.text()).isEqualTo(200);
        assertThat(r.text()).contains("UP");
        long rss = rssKb();
        // gross bound: the JVM runs with -Xmx768m; a buffered 2 GB literal would blow far past this
        assertThat(rss).as("server RSS in kB").isLessThan(2L * 1024 * 1024);
    }

    private static long rssKb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(server.pid()), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException e) {
            return -1;
        }
        return -1;
    }

    private static long ms(long t0) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
    }

    @FunctionalInterface
    private interface IoCall<T> {
        T call() throws IOException;
    }

    private record SClient(int exit, String out) {
    }

    /** Whether a handshake with these s_client options completes (a cipher agreed). */
    private static boolean handshake(List<String> base, String... options) throws Exception {
        List<String> args = new ArrayList<>(base);
        args.addAll(List.of(options));
        SClient r = sClient(args, "", 3);
        return r.exit() == 0 && r.out().matches("(?s).*(New|Reused), TLSv1\\.[23].*Cipher is (?!\\(NONE\\)).*");
    }

    private static SClient sClient(List<String> args, String stdin, int holdSeconds) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(OpenSsl.binary().orElseThrow().toString(), "s_client",
                "-servername", "localhost", "-CAfile", server.caPemFile().toString()));
        cmd.addAll(args);
        Path out = Files.createTempFile(PecServer.workDir(), "sclient", ".out");
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
            try (OutputStream in = p.getOutputStream()) {
                // wait for the handshake before typing: a command sent at once is lost or ends the session early
                Thread.sleep(1_500);
                in.write(stdin.getBytes(StandardCharsets.US_ASCII));
                in.flush();
                Thread.sleep(holdSeconds * 1000L);
            } catch (IOException gone) {
                // s_client already ended (handshake refused)
            }
            if (!p.waitFor(15, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
            return new SClient(p.isAlive() ? -1 : p.exitValue(), Files.readString(out, StandardCharsets.ISO_8859_1));
        } finally {
            Files.deleteIfExists(out);
        }
    }

    /** A raw connection (TLS, or plain for port 25) from a chosen loopback address, read line by line. */
    private static final class Raw implements Closeable {
        final Socket socket;
        private final InputStream in;
        private final OutputStream out;

        private Raw(Socket socket) throws IOException {
            this.socket = socket;
            this.in = socket.getInputStream();
            this.out = socket.getOutputStream();
        }

        static Raw tls(int port, String fromHost) throws IOException {
            SSLSocket s = (SSLSocket) tls.getSocketFactory().createSocket();
            s.bind(new InetSocketAddress(InetAddress.getByName(fromHost), 0));
            s.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
            s.setSoTimeout(60_000);
            s.startHandshake();
            return new Raw(s);
        }

        static Raw plain(int port, String fromHost) throws IOException {
            Socket s = new Socket();
            s.bind(new InetSocketAddress(InetAddress.getByName(fromHost), 0));
            s.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
            s.setSoTimeout(60_000);
            return new Raw(s);
        }

        void send(String text) throws IOException {
            send(text.getBytes(StandardCharsets.ISO_8859_1));
        }

        void send(byte[] bytes) throws IOException {
            out.write(bytes);
            out.flush();
        }

        /** The next line; fails when the connection ends. */
        String line() throws IOException {
            String l = lineOrClosed();
            if (l.equals("<closed>")) {
                throw new IOException("connection closed");
            }
            return l;
        }

        /** The next line, or {@code <closed>} when the server ended the connection. */
        String lineOrClosed() throws IOException {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            int c;
            try {
                while ((c = in.read()) != -1) {
                    if (c == '\n') {
                        String s = b.toString(StandardCharsets.ISO_8859_1);
                        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
                    }
                    b.write(c);
                }
            } catch (SocketTimeoutException e) {
                throw e;
            } catch (IOException reset) {
                return "<closed>";
            }
            return "<closed>";
        }

        /** Lines up to the tagged reply {@code tag ...}, which is returned. */
        String untilTagged(String tag) throws IOException {
            while (true) {
                String l = line();
                if (l.startsWith(tag + " ")) {
                    return l;
                }
            }
        }

        /** Lines of a multi-line SMTP reply; the last one. */
        String untilSmtpEnd() throws IOException {
            while (true) {
                String l = line();
                if (l.length() < 4 || l.charAt(3) != '-') {
                    return l;
                }
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
