package it.certmail.pec.transport.infra.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import it.certmail.pec.transport.domain.InboundEnvelope;
import it.certmail.pec.transport.domain.SmtpReply;

class InboundSmtpServerTest {

    record Received(InboundEnvelope envelope, byte[] data) {
    }

    private final List<Received> received = new CopyOnWriteArrayList<>();
    private InboundSmtpServer server;

    @BeforeEach
    void start() {
        SmtpServerSettings settings = SmtpServerSettings.defaults("mx.pec.test")
                .withConnections(50, 2)
                .withConnectionTimeout(Duration.ofSeconds(20));
        server = new InboundSmtpServer(settings, 0, TestTls.server(),
                (from, rcpt, client) -> rcpt.startsWith("unknown")
                        ? SmtpReply.mailboxUnavailable("No such mailbox here")
                        : rcpt.endsWith("@elsewhere.test") ? new SmtpReply(550, "5.7.1 Relaying denied")
                        : SmtpReply.ok("Ok"),
                (envelope, data) -> {
                    received.add(new Received(envelope, data.readAllBytes()));
                    return envelope.mailFrom().startsWith("ordinary")
                            ? SmtpReply.mailboxUnavailable("Mailbox accepts only PEC messages")
                            : SmtpReply.ok("Taken in charge");
                },
                Executors.defaultThreadFactory());
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    @Test
    void shouldAcceptFromAnyoneWithoutAuthInClear() throws Exception {
        byte[] message = SubmissionSmtpServerTest.message("inbound");
        try (RawSmtpClient c = RawSmtpClient.plain(server.port())) {
            assertThat(c.reply()).startsWith("220 mx.pec.test");
            List<String> ehlo = c.ehloLines("relay.other.test");
            assertThat(ehlo).anyMatch(l -> l.contains("STARTTLS"));
            assertThat(ehlo).noneMatch(l -> l.contains("AUTH"));
            assertThat(c.command("AUTH PLAIN AGEAYg==")).startsWith("502");
            assertThat(c.command("MAIL FROM:<posta-certificata@other.test>")).startsWith("250");
            assertThat(c.command("RCPT TO:<bob@pec.test>")).startsWith("250");
            assertThat(c.data(RawSmtpClient.stuff(message))).isEqualTo("250 2.0.0 Taken in charge");
        }
        InboundEnvelope env = received.get(0).envelope();
        assertThat(env.tls()).isFalse();
        assertThat(env.helo()).isEqualTo("relay.other.test");
        assertThat(env.client().isLoopbackAddress()).isTrue();
        assertThat(env.mailFrom()).isEqualTo("posta-certificata@other.test");
        assertThat(received.get(0).data()).isEqualTo(message);
    }

    @Test
    void shouldPassTheTlsFlagAndTheHeloAfterStartTls() throws Exception {
        try (RawSmtpClient c = RawSmtpClient.plain(server.port())) {
            c.reply();
            c.command("EHLO before.tls.test");
            assertThat(c.startTls(TestTls.clientTrustingOurCa())).startsWith("220");
            c.command("EHLO after.tls.test");
            c.command("MAIL FROM:<>");
            c.command("RCPT TO:<bob@pec.test>");
            assertThat(c.data(RawSmtpClient.stuff("Subject: x\r\n\r\ny\r\n".getBytes(StandardCharsets.US_ASCII))))
                    .startsWith("250");
        }
        InboundEnvelope env = received.get(0).envelope();
        assertThat(env.tls()).isTrue();
        assertThat(env.helo()).isEqualTo("after.tls.test");
        assertThat(env.mailFrom()).isEmpty();
    }

    @Test
    void recipientPolicyShouldRefuseAtRcptTime() throws Exception {
        try (RawSmtpClient c = RawSmtpClient.plain(server.port())) {
            c.reply();
            c.command("EHLO relay.other.test");
            c.command("MAIL FROM:<a@other.test>");
            assertThat(c.command("RCPT TO:<unknown@pec.test>")).isEqualTo("550 5.1.1 No such mailbox here");
            assertThat(c.command("RCPT TO:<x@elsewhere.test>")).isEqualTo("550 5.7.1 Relaying denied");
            assertThat(c.command("RCPT TO:<bob@pec.test>")).startsWith("250");
            assertThat(c.data(RawSmtpClient.stuff(SubmissionSmtpServerTest.message("r")))).startsWith("250");
        }
        assertThat(received.get(0).envelope().recipients()).containsExactly("bob@pec.test");
    }

    @Test
    void handlerRefusalShouldBeSentAfterData() throws Exception {
        try (RawSmtpClient c = RawSmtpClient.plain(server.port())) {
            c.reply();
            c.command("EHLO mta.internet.test");
            c.command("MAIL FROM:<ordinary@internet.test>");
            c.command("RCPT TO:<bob@pec.test>");
            assertThat(c.data(RawSmtpClient.stuff(SubmissionSmtpServerTest.message("o"))))
                    .isEqualTo("550 5.1.1 Mailbox accepts only PEC messages");
            // a new transaction may start at once
            assertThat(c.command("MAIL FROM:<a@other.test>")).startsWith("250");
        }
    }

    @Test
    void connectionsPerSourceShouldBeLimited() throws Exception {
        List<RawSmtpClient> open = new ArrayList<>();
        try {
            for (int i = 0; i < 2; i++) {
                RawSmtpClient c = RawSmtpClient.plain(server.port());
                open.add(c);
                assertThat(c.reply()).startsWith("220");
            }
            try (RawSmtpClient third = RawSmtpClient.plain(server.port())) {
                assertThat(third.reply()).startsWith("421");
            }
        } finally {
            for (RawSmtpClient c : open) {
                c.close();
            }
        }
    }
}
