package it.certmail.pec.transport.infra.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import it.certmail.pec.transport.domain.SmtpReply;
import it.certmail.pec.transport.domain.SmtpReplyException;
import it.certmail.pec.transport.domain.SubmissionEnvelope;
import jakarta.mail.Address;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;

class SubmissionSmtpServerTest {

    private static final String USER = "alice@pec.test";
    private static final String PASSWORD = "s3cret-Password";
    private static final int MAX_SIZE = 64 * 1024;

    record Received(SubmissionEnvelope envelope, byte[] data) {
    }

    private final List<Received> received = new CopyOnWriteArrayList<>();
    private SubmissionSmtpServer server;

    @BeforeEach
    void start() {
        SmtpServerSettings settings = SmtpServerSettings.defaults("smtp.pec.test")
                .withMaxMessageSize(MAX_SIZE)
                .withMaxRecipients(5)
                .withConnectionTimeout(Duration.ofSeconds(20))
                .withAuthFailureDelay(Duration.ofMillis(300), Duration.ofSeconds(2))
                .withPreAuthDeadline(Duration.ofSeconds(3));
        server = new SubmissionSmtpServer(settings, 0, 0, TestTls.server(),
                (user, password, from) -> USER.equals(user) && PASSWORD.equals(password),
                (envelope, data) -> {
                    byte[] bytes = data.readAllBytes();
                    received.add(new Received(envelope, bytes));
                    String first = envelope.recipients().get(0);
                    if (first.startsWith("busy")) {
                        throw SmtpReplyException.temporary("Store busy, try later");
                    }
                    if (first.startsWith("refuse")) {
                        throw SmtpReplyException.permanent("Refused by policy X");
                    }
                    if (first.startsWith("crash")) {
                        throw new IllegalStateException("boom");
                    }
                    return SmtpReply.ok("Queued as opec-1");
                },
                Executors.defaultThreadFactory(), Clock.systemUTC());
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    @Test
    void startTlsPortShouldNotOfferAuthBeforeTlsAndRefuseMail() throws Exception {
        try (RawSmtpClient c = RawSmtpClient.plain(server.startTlsPort())) {
            assertThat(c.reply()).startsWith("220");
            List<String> ehlo = c.ehloLines("client.test");
            assertThat(ehlo).anyMatch(l -> l.contains("STARTTLS"));
            assertThat(ehlo).noneMatch(l -> l.contains("AUTH"));
            assertThat(c.command("AUTH PLAIN " + "AGFsaWNlAHg=")).startsWith("530");
            assertThat(c.command("MAIL FROM:<" + USER + ">")).startsWith("530");
        }
        assertThat(received).isEmpty();
    }

    @Test
    void startTlsPortShouldOfferAuthAfterTlsAndRequireIt() throws Exception {
        try (RawSmtpClient c = RawSmtpClient.plain(server.startTlsPort())) {
            c.reply();
            c.command("EHLO client.test");
            assertThat(c.startTls(TestTls.clientTrustingOurCa())).startsWith("220");
            List<String> ehlo = c.ehloLines("client.test");
            assertThat(ehlo).anyMatch(l -> l.contains("AUTH") && l.contains("PLAIN") && l.contains("LOGIN"));
            assertThat(c.command("MAIL FROM:<" + USER + ">")).startsWith("530");
            assertThat(c.authPlain(USER, PASSWORD)).startsWith("235");
            assertThat(c.command("MAIL FROM:<" + USER + ">")).startsWith("250");
        }
    }

    @Test
    void angusClientShouldSubmitOverStartTlsWithAuthLogin() throws Exception {
        byte[] message = message("Hello over STARTTLS");
        Session session = Session.getInstance(startTlsProps("LOGIN"));
        send(session, server.startTlsPort(), message, "bob@pec.test", "carol@other.test");

        assertThat(received).hasSize(1);
        SubmissionEnvelope env = received.get(0).envelope();
        assertThat(env.authUser()).isEqualTo(USER);
        assertThat(env.mailFrom()).isEqualTo(USER);
        assertThat(env.recipients()).containsExactly("bob@pec.test", "carol@other.test");
        assertThat(env.client().isLoopbackAddress()).isTrue();
        assertThat(received.get(0).data()).isEqualTo(message);
    }

    @Test
    void angusClientShouldSubmitOverImplicitTlsWithAuthPlain() throws Exception {
        byte[] message = message("Hello over implicit TLS");
        Properties p = new Properties();
        p.put("mail.smtp.ssl.enable", "true");
        p.put("mail.smtp.ssl.socketFactory", TestTls.clientTrustingOurCa().getSocketFactory());
        p.put("mail.smtp.ssl.checkserveridentity", "true");
        p.put("mail.smtp.auth", "true");
        p.put("mail.smtp.auth.mechanisms", "PLAIN");
        send(Session.getInstance(p), server.implicitTlsPort(), message, "bob@pec.test");

        assertThat(received).hasSize(1);
        assertThat(received.get(0).envelope().authUser()).isEqualTo(USER);
        assertThat(received.get(0).data()).isEqualTo(message);
    }

    @Test
    void receivedBytesShouldBeIdenticalDespiteDotsAndLongLines() throws Exception {
        String body = ".leading dot\r\n..two dots\r\n.\r\nline with . inside\r\n"
                + "x".repeat(900) + "\r\n\r\n.\r\nend\r\n";
        byte[] message = (headers("Dots") + body).getBytes(StandardCharsets.ISO_8859_1);
        send(Session.getInstance(startTlsProps("PLAIN")), server.startTlsPort(), message, "bob@pec.test");
        assertThat(received.get(0).data()).isEqualTo(message);
    }

    @Test
    void firstLineStartingWithDotShouldSurviveUnstuffing() throws Exception {
        byte[] message = ".starts with a dot\r\nSubject: odd\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII);
        try (RawSmtpClient c = authenticatedImplicit()) {
            c.command("MAIL FROM:<" + USER + ">");
            c.command("RCPT TO:<bob@pec.test>");
            assertThat(c.data(RawSmtpClient.stuff(message))).startsWith("250");
        }
        assertThat(received.get(0).data()).isEqualTo(message);
    }

    @Test
    void wrongPasswordShouldGive535AndBeSlowedDown() throws Exception {
        try (RawSmtpClient c = RawSmtpClient.implicitTls(server.implicitTlsPort(), TestTls.clientTrustingOurCa())) {
            c.reply();
            c.command("EHLO client.test");
            long t0 = System.nanoTime();
            assertThat(c.authPlain(USER, "wrong")).startsWith("535");
            long first = System.nanoTime() - t0;
            t0 = System.nanoTime();
            assertThat(c.authPlain(USER, "wrong again")).startsWith("535");
            long second = System.nanoTime() - t0;
            // 300 ms after the first failure, 600 ms after the second
            assertThat(Duration.ofNanos(first)).isGreaterThanOrEqualTo(Duration.ofMillis(290));
            assertThat(Duration.ofNanos(second)).isGreaterThanOrEqualTo(Duration.ofMillis(590));
            assertThat(server.failedLogins(java.net.InetAddress.getLoopbackAddress())).isEqualTo(2);
            assertThat(c.authPlain(USER, PASSWORD)).startsWith("235");
            assertThat(server.failedLogins(java.net.InetAddress.getLoopbackAddress())).isZero();
        }
    }

    @Test
    void thirdConsecutiveFailureShouldBeAnswered421AndCloseTheConnection() throws Exception {
        try (RawSmtpClient c = RawSmtpClient.implicitTls(server.implicitTlsPort(), TestTls.clientTrustingOurCa())) {
            c.reply();
            c.command("EHLO guesser.test");
            assertThat(c.authPlain(USER, "one")).startsWith("535");
            assertThat(c.authPlain(USER, "two")).startsWith("535");
            assertThat(c.authPlain(USER, "three")).startsWith("421 4.7.0");
            assertThat(c.isClosedByServer()).isTrue();
        }
        // the address may still log in with the right password, which clears its count
        try (RawSmtpClient c = RawSmtpClient.implicitTls(server.implicitTlsPort(), TestTls.clientTrustingOurCa())) {
            c.reply();
            c.command("EHLO client.test");
            assertThat(c.authPlain(USER, PASSWORD)).startsWith("235");
        }
        assertThat(server.failedLogins(java.net.InetAddress.getLoopbackAddress())).isZero();
    }

    @Test
    void aClientThatNeverAuthenticatesShouldBeClosedAtTheDeadlineEvenIfItTricklesBytes() throws Exception {
        try (RawSmtpClient slow = RawSmtpClient.implicitTls(server.implicitTlsPort(), TestTls.clientTrustingOurCa());
             RawSmtpClient honest = RawSmtpClient.implicitTls(server.implicitTlsPort(),
                     TestTls.clientTrustingOurCa())) {
            slow.reply();
            honest.reply();
            honest.command("EHLO honest.test");
            assertThat(honest.authPlain(USER, PASSWORD)).startsWith("235");
            long t0 = System.nanoTime();
            boolean closed = false;
            for (int i = 0; i < 30 && !closed; i++) {
                try {
                    slow.sendRaw("N");
                } catch (java.io.IOException gone) {
                    closed = true;
                }
                Thread.sleep(200);
            }
            assertThat(closed || slow.isClosedByServer()).as("the trickling client is closed").isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(6));
            // the authenticated one, connected as long, is not
            assertThat(honest.command("NOOP")).startsWith("250");
        }
    }

    @Test
    void angusClientWithWrongPasswordShouldFailAuthentication() {
        Session session = Session.getInstance(startTlsProps("LOGIN"));
        assertThatThrownBy(() -> {
            try (Transport t = session.getTransport("smtp")) {
                t.connect("localhost", server.startTlsPort(), USER, "nope");
            }
        }).isInstanceOf(AuthenticationFailedException.class).hasMessageContaining("535");
    }

    @Test
    void oversizedMessageShouldBeRefusedWith552AfterData() throws Exception {
        byte[] big = (headers("Big") + "y".repeat(100) + "\r\n").repeat(1).getBytes(StandardCharsets.US_ASCII);
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(big);
        while (b.size() <= MAX_SIZE + 10) {
            b.writeBytes(("z".repeat(76) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        }
        try (RawSmtpClient c = authenticatedImplicit()) {
            c.command("MAIL FROM:<" + USER + ">");
            c.command("RCPT TO:<bob@pec.test>");
            assertThat(c.data(RawSmtpClient.stuff(b.toByteArray()))).startsWith("552");
            // the session goes on after the refusal
            assertThat(c.command("NOOP")).startsWith("250");
        }
        assertThat(received).isEmpty();
    }

    @Test
    void oversizedMessageFromAngusShouldBeRefusedWith552() {
        StringBuilder body = new StringBuilder();
        while (body.length() <= MAX_SIZE) {
            body.append("w".repeat(76)).append("\r\n");
        }
        byte[] message = (headers("Big") + body).getBytes(StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> send(Session.getInstance(startTlsProps("PLAIN")), server.startTlsPort(), message,
                "bob@pec.test"))
                .isInstanceOfSatisfying(SMTPSendFailedException.class,
                        e -> assertThat(e.getReturnCode()).isEqualTo(552));
        assertThat(received).isEmpty();
    }

    @Test
    void declaredSizeAboveCapShouldBeRefusedAtMailFrom() throws Exception {
        try (RawSmtpClient c = authenticatedImplicit()) {
            assertThat(c.command("MAIL FROM:<" + USER + "> SIZE=" + (MAX_SIZE + 1))).startsWith("552");
        }
    }

    @Test
    void handlerRepliesShouldBePropagated() throws Exception {
        try (RawSmtpClient c = authenticatedImplicit()) {
            assertThat(transaction(c, "bob@pec.test")).isEqualTo("250 2.0.0 Queued as opec-1");
            assertThat(transaction(c, "busy@pec.test")).isEqualTo("451 4.3.0 Store busy, try later");
            assertThat(transaction(c, "refuse@pec.test")).isEqualTo("554 5.6.0 Refused by policy X");
            assertThat(transaction(c, "crash@pec.test")).startsWith("451 4.3.0");
            assertThat(transaction(c, "bob@pec.test")).startsWith("250");
        }
        assertThat(received).hasSize(5);
    }

    @Test
    void angusClientShouldSeeTemporaryAndPermanentRefusals() {
        Session session = Session.getInstance(startTlsProps("PLAIN"));
        assertThatThrownBy(() -> send(session, server.startTlsPort(), message("t"), "busy@pec.test"))
                .isInstanceOfSatisfying(SMTPSendFailedException.class,
                        e -> assertThat(e.getReturnCode()).isEqualTo(451));
        assertThatThrownBy(() -> send(session, server.startTlsPort(), message("p"), "refuse@pec.test"))
                .isInstanceOfSatisfying(SMTPSendFailedException.class, e -> {
                    assertThat(e.getReturnCode()).isEqualTo(554);
                    assertThat(e.getMessage()).contains("Refused by policy X");
                });
    }

    @Test
    void recipientsBeyondTheAbsoluteCapShouldGet452() throws Exception {
        try (RawSmtpClient c = authenticatedImplicit()) {
            c.command("MAIL FROM:<" + USER + ">");
            for (int i = 0; i < 5; i++) {
                assertThat(c.command("RCPT TO:<r" + i + "@pec.test>")).startsWith("250");
            }
            assertThat(c.command("RCPT TO:<r5@pec.test>")).startsWith("452");
        }
    }

    private static String transaction(RawSmtpClient c, String rcpt) throws IOException {
        c.command("MAIL FROM:<" + USER + ">");
        c.command("RCPT TO:<" + rcpt + ">");
        return c.data(RawSmtpClient.stuff(message("x")));
    }

    private RawSmtpClient authenticatedImplicit() throws IOException {
        RawSmtpClient c = RawSmtpClient.implicitTls(server.implicitTlsPort(), TestTls.clientTrustingOurCa());
        c.reply();
        c.command("EHLO client.test");
        assertThat(c.authPlain(USER, PASSWORD)).startsWith("235");
        return c;
    }

    private static Properties startTlsProps(String mechanism) {
        Properties p = new Properties();
        p.put("mail.smtp.starttls.enable", "true");
        p.put("mail.smtp.starttls.required", "true");
        p.put("mail.smtp.ssl.socketFactory", TestTls.clientTrustingOurCa().getSocketFactory());
        p.put("mail.smtp.ssl.checkserveridentity", "true");
        p.put("mail.smtp.auth", "true");
        p.put("mail.smtp.auth.mechanisms", mechanism);
        p.put("mail.smtp.timeout", "20000");
        return p;
    }

    private static void send(Session session, int port, byte[] message, String... rcpts) throws MessagingException {
        MimeMessage m = new MimeMessage(session, new ByteArrayInputStream(message));
        Address[] to = new Address[rcpts.length];
        for (int i = 0; i < rcpts.length; i++) {
            to[i] = new InternetAddress(rcpts[i]);
        }
        try (Transport t = session.getTransport("smtp")) {
            t.connect("localhost", port, USER, PASSWORD);
            t.sendMessage(m, to);
        }
    }

    static String headers(String subject) {
        return "Date: Mon, 2 Mar 2026 10:00:00 +0100\r\n"
                + "From: alice@pec.test\r\n"
                + "To: bob@pec.test\r\n"
                + "Subject: " + subject + "\r\n"
                + "Message-ID: <" + subject.hashCode() + "@client.test>\r\n"
                + "MIME-Version: 1.0\r\n"
                + "Content-Type: text/plain; charset=ISO-8859-1\r\n"
                + "Content-Transfer-Encoding: 8bit\r\n"
                + "\r\n";
    }

    static byte[] message(String text) {
        return (headers(text) + text + "\r\nàèìòù\r\n").getBytes(StandardCharsets.ISO_8859_1);
    }
}
