package it.certmail.pec.transport.infra.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.cert.Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.subethamail.smtp.AuthenticationHandler;
import org.subethamail.smtp.MessageContext;
import org.subethamail.smtp.MessageHandler;
import org.subethamail.smtp.RejectException;
import org.subethamail.smtp.server.SMTPServer;

import com.code_intelligence.jazzer.junit.FuzzTest;

import it.certmail.pec.mime.CrlfOutputStream;
import it.certmail.pec.mime.Spool;
import it.certmail.pec.receipts.infra.OriginalMessage;
import it.certmail.pec.receipts.infra.PecMessageClassifier;
import it.certmail.pec.receipts.infra.PecTestProvider;
import it.certmail.pec.receipts.infra.PecVerdict;
import it.certmail.pec.transport.domain.SmtpReply;

/**
 * The SMTP transactions our code owns, fed in process (not through a socket) with any envelope and any DATA bytes:
 * the reception point's (recipient policy at RCPT, the received message classified as the intake does) and the
 * access point's (the submitted original parsed as the access point does). Whatever comes, each answers with a
 * reply: 250 text, or a refusal with a 4xx/5xx code; nothing else may escape to SubEthaSMTP (which would answer
 * with its own generic error and log a stack trace). The input: the first line is MAIL FROM, the next lines up to an
 * empty one are RCPT TO, the rest is the DATA (as SubEthaSMTP hands it over, dot-unstuffed). A 64 KB size cap
 * lets the fuzzer reach the "too large" path.
 */
class SmtpHandlersFuzzTest {

    private static final int MAX_MESSAGE = 64 * 1024;
    private static final int MAX_RECIPIENTS = 50;
    private static final PecMessageClassifier CLASSIFIER = PecTestProvider.classifier();

    @FuzzTest(maxDuration = "5m")
    void theReceptionTransactionShouldAnswerAnyEnvelopeAndData(byte[] input) throws Exception {
        Parts p = Parts.of(input);
        MessageHandler h = new InboundSmtpServer.Reception(context(null), MAX_MESSAGE,
                (from, rcpt, client) -> rcpt.contains("unknown") ? SmtpReply.mailboxUnavailable("No such mailbox")
                        : SmtpReply.ok("Ok"),
                (envelope, data) -> {
                    PecVerdict v = CLASSIFIER.classify(data.readAllBytes());
                    return v.parsable() ? SmtpReply.ok("preso in carico")
                            : SmtpReply.permanent("5.6.0 not an RFC 5322 message");
                },
                new TransactionDeadline.Progress(Instant.EPOCH), Clock.systemUTC());
        run(h, p);
    }

    @FuzzTest(maxDuration = "5m")
    void theSubmissionTransactionShouldAnswerAnyEnvelopeAndData(byte[] input) throws Exception {
        Parts p = Parts.of(input);
        MessageHandler h = new SubmissionSmtpServer.Submission(context("mario.rossi@pec.certmail.test"),
                MAX_MESSAGE, (envelope, data) -> {
                    try (Spool raw = Spool.create()) {
                        try (CrlfOutputStream out = new CrlfOutputStream(raw.output())) {
                            data.transferTo(out);
                        }
                        try (OriginalMessage parsed = OriginalMessage.parse(raw)) {
                            return SmtpReply.ok("accettato, " + parsed.size() + " byte");
                        } catch (jakarta.mail.MessagingException | RuntimeException unparsable) {
                            // what the access point answers with an avviso di non accettazione
                            return SmtpReply.ok("non accettato");
                        }
                    }
                });
        run(h, p);
    }

    private static void run(MessageHandler h, Parts p) throws IOException {
        try {
            h.from(p.from);
            for (String r : p.recipients) {
                try {
                    h.recipient(r);
                } catch (RejectException refused) {
                    assertReply(refused);
                }
            }
            String reply = h.data(new ByteArrayInputStream(p.data));
            assertThat(reply).isNotNull();
        } catch (RejectException refused) {
            assertReply(refused);
        } finally {
            h.done();
        }
    }

    private static void assertReply(RejectException e) {
        assertThat(e.getCode()).as(e.getErrorResponse()).isBetween(400, 599);
    }

    /** The input cut into MAIL FROM, RCPTs and DATA. */
    private record Parts(String from, List<String> recipients, byte[] data) {
        static Parts of(byte[] input) {
            int pos = 0;
            List<String> lines = new ArrayList<>();
            while (pos < input.length && lines.size() <= MAX_RECIPIENTS) {
                int nl = pos;
                while (nl < input.length && input[nl] != '\n') {
                    nl++;
                }
                String line = new String(input, pos, nl - pos, StandardCharsets.ISO_8859_1).strip();
                pos = Math.min(input.length, nl + 1);
                if (line.isEmpty()) {
                    break;
                }
                lines.add(line);
            }
            String from = lines.isEmpty() ? "" : lines.get(0);
            List<String> rcpts = lines.isEmpty() ? List.of() : lines.subList(1, lines.size());
            byte[] data = java.util.Arrays.copyOfRange(input, pos, input.length);
            return new Parts(from, rcpts, data);
        }
    }

    private static MessageContext context(String authenticatedUser) {
        return new MessageContext() {
            @Override
            public SMTPServer getSMTPServer() {
                return null;
            }

            @Override
            public SocketAddress getRemoteAddress() {
                return new InetSocketAddress("192.0.2.25", 40025);
            }

            @Override
            public String getSessionId() {
                return "fuzz";
            }

            @Override
            public Optional<AuthenticationHandler> getAuthenticationHandler() {
                return Optional.ofNullable(authenticatedUser).map(user -> new AuthenticationHandler() {
                    @Override
                    public Optional<String> auth(String clientInput, MessageContext context) {
                        return Optional.empty();
                    }

                    @Override
                    public Object getIdentity() {
                        return user;
                    }
                });
            }

            @Override
            public Optional<String> getHelo() {
                return Optional.of("relay.fuzz.test");
            }

            @Override
            public Certificate[] getTlsPeerCertificates() {
                return new Certificate[0];
            }
        };
    }
}
