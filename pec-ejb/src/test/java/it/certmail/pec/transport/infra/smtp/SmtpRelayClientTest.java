package it.certmail.pec.transport.infra.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

import javax.net.ssl.SSLContext;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import it.certmail.pec.transport.domain.DeliveryOutcome;
import it.certmail.pec.transport.domain.InboundEnvelope;
import it.certmail.pec.transport.domain.RawMessageSource;
import it.certmail.pec.transport.domain.RelayResult;
import it.certmail.pec.transport.domain.RelayTarget;
import it.certmail.pec.transport.domain.SmtpReply;
import it.certmail.pec.transport.domain.SmtpReplyException;

class SmtpRelayClientTest {

    record Received(InboundEnvelope envelope, byte[] data) {
    }

    private final List<Received> received = new CopyOnWriteArrayList<>();
    private InboundSmtpServer tlsServer;
    private InboundSmtpServer plainServer;

    @BeforeEach
    void start() {
        SmtpServerSettings settings = SmtpServerSettings.defaults("mx.b.test")
                .withConnectionTimeout(Duration.ofSeconds(20))
                .withMaxMessageSize(256 * 1024);
        tlsServer = new InboundSmtpServer(settings, 0, TestTls.server(), SmtpRelayClientTest::policy,
                this::receive, Executors.defaultThreadFactory());
        plainServer = new InboundSmtpServer(settings, 0, null, SmtpRelayClientTest::policy, this::receive,
                Executors.defaultThreadFactory());
        tlsServer.start();
        plainServer.start();
    }

    @AfterEach
    void stop() {
        tlsServer.stop();
        plainServer.stop();
    }

    private static SmtpReply policy(String from, String rcpt, java.net.InetAddress client) {
        if (rcpt.startsWith("gone")) {
            return SmtpReply.mailboxUnavailable("No such user");
        }
        if (rcpt.startsWith("full")) {
            return new SmtpReply(452, "4.2.2 Mailbox full");
        }
        return SmtpReply.ok("Ok");
    }

    private SmtpReply receive(InboundEnvelope envelope, java.io.InputStream data) throws SmtpReplyException,
            java.io.IOException {
        byte[] bytes = data.readAllBytes();
        received.add(new Received(envelope, bytes));
        if (envelope.mailFrom().startsWith("refused")) {
            return new SmtpReply(554, "5.7.0 Signature invalid");
        }
        if (envelope.mailFrom().startsWith("later")) {
            throw SmtpReplyException.temporary("Database busy");
        }
        return SmtpReply.ok("Queued");
    }

    private static SmtpRelayClient client(SSLContext ctx, boolean verify) {
        return new SmtpRelayClient(
                new SmtpRelayClient.Settings("mx.a.test", Duration.ofSeconds(5), Duration.ofSeconds(20),
                        Duration.ofSeconds(20)),
                SmtpRelayClient.TlsPolicy.required(ctx).withVerifyHostname(verify));
    }

    private static byte[] pecMessage() {
        String m = "Return-Path: <posta-certificata@a.test>\r\n"
                + ".first header-like line is not a header, but tests stuffing\r\n"
                + "Subject: POSTA CERTIFICATA: prova\r\n"
                + "\r\n"
                + ".\r\n"
                + "..\r\n"
                + "a line\r\n"
                + ". dot space\r\n"
                + "àèì\r\n";
        return m.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void shouldDeliverByteExactOverRequiredStartTls() {
        byte[] message = pecMessage();
        RelayResult r = client(TestTls.clientTrustingOurCa(), true).send(
                new RelayTarget("localhost", tlsServer.port()), "posta-certificata@a.test",
                List.of("bob@b.test", "carol@b.test"), RawMessageSource.ofBytes(message));

        assertThat(r.allDelivered()).as(r.toString()).isTrue();
        assertThat(r.outcome("bob@b.test")).isInstanceOfSatisfying(DeliveryOutcome.Delivered.class,
                d -> assertThat(d.detail()).isEqualTo("250 2.0.0 Queued"));
        assertThat(received).hasSize(1);
        assertThat(received.get(0).envelope().tls()).isTrue();
        assertThat(received.get(0).envelope().helo()).isEqualTo("mx.a.test");
        assertThat(received.get(0).envelope().recipients()).containsExactly("bob@b.test", "carol@b.test");
        assertThat(received.get(0).data()).isEqualTo(message);
    }

    @Test
    void shouldVerifyTheHostNameWhenAsked() {
        // 127.0.0.2 reaches the same listener but is not in the certificate's names
        RelayTarget unnamed = new RelayTarget("127.0.0.2", tlsServer.port());
        RelayResult checked = client(TestTls.clientTrustingOurCa(), true).send(unnamed, "a@a.test",
                List.of("bob@b.test"), RawMessageSource.ofBytes(pecMessage()));
        assertThat(checked.outcome("bob@b.test")).isInstanceOfSatisfying(DeliveryOutcome.TemporaryFailure.class,
                f -> assertThat(f.detail()).contains("TLS handshake"));
        assertThat(received).isEmpty();

        RelayResult unchecked = client(TestTls.clientTrustingOurCa(), false).send(unnamed, "a@a.test",
                List.of("bob@b.test"), RawMessageSource.ofBytes(pecMessage()));
        assertThat(unchecked.allDelivered()).isTrue();
    }

    @Test
    void shouldClassifyEachRecipient() {
        RelayResult r = client(TestTls.clientTrustingOurCa(), true).send(
                new RelayTarget("127.0.0.1", tlsServer.port()), "posta-certificata@a.test",
                List.of("bob@b.test", "gone@b.test", "full@b.test", "carol@b.test"),
                RawMessageSource.ofBytes(pecMessage()));

        assertThat(r.outcome("bob@b.test")).isInstanceOf(DeliveryOutcome.Delivered.class);
        assertThat(r.outcome("carol@b.test")).isInstanceOf(DeliveryOutcome.Delivered.class);
        assertThat(r.outcome("gone@b.test")).isInstanceOfSatisfying(DeliveryOutcome.PermanentFailure.class,
                f -> assertThat(f.detail()).isEqualTo("550 5.1.1 No such user"));
        assertThat(r.outcome("full@b.test")).isInstanceOfSatisfying(DeliveryOutcome.TemporaryFailure.class,
                f -> assertThat(f.detail()).isEqualTo("452 4.2.2 Mailbox full"));
        assertThat(received.get(0).envelope().recipients()).containsExactly("bob@b.test", "carol@b.test");
    }

    @Test
    void shouldApplyTheDataReplyToAllAcceptedRecipients() {
        SmtpRelayClient c = client(TestTls.clientTrustingOurCa(), true);
        RelayTarget t = new RelayTarget("localhost", tlsServer.port());
        RelayResult refused = c.send(t, "refused@a.test", List.of("bob@b.test", "gone@b.test"),
                RawMessageSource.ofBytes(pecMessage()));
        assertThat(refused.outcome("bob@b.test")).isEqualTo(
                new DeliveryOutcome.PermanentFailure("554 5.7.0 Signature invalid"));
        assertThat(refused.outcome("gone@b.test")).isInstanceOf(DeliveryOutcome.PermanentFailure.class);

        RelayResult later = c.send(t, "later@a.test", List.of("bob@b.test"), RawMessageSource.ofBytes(pecMessage()));
        assertThat(later.outcome("bob@b.test")).isEqualTo(
                new DeliveryOutcome.TemporaryFailure("451 4.3.0 Database busy"));
    }

    @Test
    void shouldNotSendInClearWhenStartTlsIsMissing() {
        RelayResult r = client(TestTls.clientTrustingOurCa(), true).send(
                new RelayTarget("localhost", plainServer.port()), "a@a.test", List.of("bob@b.test"),
                RawMessageSource.ofBytes(pecMessage()));
        assertThat(r.outcome("bob@b.test")).isInstanceOfSatisfying(DeliveryOutcome.TemporaryFailure.class,
                f -> assertThat(f.detail()).contains("STARTTLS not offered").contains("not sent in clear"));
        assertThat(received).isEmpty();
    }

    @Test
    void shouldFailTemporarilyOnAnUntrustedCertificate() {
        RelayResult r = client(TestTls.clientTrustingOtherCa(), true).send(
                new RelayTarget("localhost", tlsServer.port()), "a@a.test", List.of("bob@b.test"),
                RawMessageSource.ofBytes(pecMessage()));
        assertThat(r.outcome("bob@b.test")).isInstanceOf(DeliveryOutcome.TemporaryFailure.class);
        assertThat(received).isEmpty();
    }

    @Test
    void shouldTryTheNextHostWhenTheFirstIsUnreachable() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        SmtpRelayClient c = client(TestTls.clientTrustingOurCa(), true);
        RelayResult unreachable = c.send(new RelayTarget("localhost", closedPort), "a@a.test",
                List.of("bob@b.test"), RawMessageSource.ofBytes(pecMessage()));
        assertThat(unreachable.outcome("bob@b.test")).isInstanceOf(DeliveryOutcome.TemporaryFailure.class);

        RelayResult r = c.send(List.of(new RelayTarget("localhost", closedPort),
                        new RelayTarget("localhost", tlsServer.port())), "a@a.test", List.of("bob@b.test"),
                RawMessageSource.ofBytes(pecMessage()));
        assertThat(r.allDelivered()).isTrue();
        assertThat(r.target().port()).isEqualTo(tlsServer.port());
    }

    @Test
    void shouldFailPermanentlyWhenTheServerSizeLimitIsTooSmall() {
        ByteArrayOutputStream big = new ByteArrayOutputStream();
        while (big.size() <= 256 * 1024) {
            big.writeBytes(("q".repeat(70) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        }
        RelayResult r = client(TestTls.clientTrustingOurCa(), true).send(
                new RelayTarget("localhost", tlsServer.port()), "a@a.test", List.of("bob@b.test"),
                RawMessageSource.ofBytes(big.toByteArray()));
        assertThat(r.outcome("bob@b.test")).isInstanceOfSatisfying(DeliveryOutcome.PermanentFailure.class,
                f -> assertThat(f.detail()).contains("exceeds"));
        assertThat(received).isEmpty();
    }

    @Test
    void shouldTerminateAMessageWithoutFinalCrlf() {
        byte[] message = "Subject: no final newline\r\n\r\nlast line".getBytes(StandardCharsets.US_ASCII);
        RelayResult r = client(TestTls.clientTrustingOurCa(), true).send(
                new RelayTarget("localhost", tlsServer.port()), "a@a.test", List.of("bob@b.test"),
                RawMessageSource.ofBytes(message));
        assertThat(r.allDelivered()).isTrue();
        assertThat(new String(received.get(0).data(), StandardCharsets.US_ASCII))
                .isEqualTo("Subject: no final newline\r\n\r\nlast line\r\n");
    }

    @Test
    void shouldRefuseAddressesThatCouldInjectCommands() {
        RelayResult r = client(TestTls.clientTrustingOurCa(), true).send(
                new RelayTarget("localhost", tlsServer.port()), "a@a.test",
                List.of("bob@b.test>\r\nRCPT TO:<evil@b.test", "carol@b.test"), RawMessageSource.ofBytes(pecMessage()));
        assertThat(r.outcome("bob@b.test>\r\nRCPT TO:<evil@b.test"))
                .isInstanceOf(DeliveryOutcome.PermanentFailure.class);
        assertThat(r.outcome("carol@b.test")).isInstanceOf(DeliveryOutcome.Delivered.class);
        assertThat(received.get(0).envelope().recipients()).containsExactly("carol@b.test");
    }
}
