package it.certmail.pec.mailbox.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.subethamail.smtp.helper.SimpleMessageListener;
import org.subethamail.smtp.server.SMTPServer;

/** Notices go to the smarthost: here a local capture server. */
class SmtpNoticeMailerTest {

    @Test
    void aNoticeShouldReachTheSmarthostAsPlainUtf8Text() throws Exception {
        List<String> captured = captured(smarthost -> new SmtpNoticeMailer(smarthost, "noreply@pec.test")
                .send("bob@example.org", "Casella PEC scaduta: sola ricezione", "La casella è scaduta il 31/01/2027."));

        assertThat(captured).singleElement().satisfies(m -> {
            assertThat(m).startsWith("noreply@pec.test -> bob@example.org");
            assertThat(m).contains("Subject: Casella PEC scaduta: sola ricezione");
            assertThat(m).contains("charset=UTF-8");
        });
    }

    @Test
    void aForwardedCopyShouldCarryTheStoredBytesUnchangedAsAnAttachedMessage() throws Exception {
        String original = "From: a@pec.test\r\nSubject: POSTA CERTIFICATA: Atto\r\nX-Trasporto: posta-certificata\r\n\r\n"
                + "corpo con caratteri =C3=A0 e righe\r\n.\r\nfine\r\n";
        List<String> captured = captured(smarthost -> new SmtpNoticeMailer(smarthost, "noreply@pec.test").sendWithCopy(
                "bob@example.org", "Inoltro", "In allegato.",
                () -> new java.io.ByteArrayInputStream(original.getBytes(StandardCharsets.UTF_8))));
        assertThat(captured).singleElement().satisfies(m -> {
            assertThat(m).contains("multipart/mixed").contains("Content-Type: message/rfc822");
            assertThat(m).contains("Subject: POSTA CERTIFICATA: Atto").contains("corpo con caratteri =C3=A0 e righe");
            jakarta.mail.internet.MimeMessage parsed = new jakarta.mail.internet.MimeMessage(
                    jakarta.mail.Session.getInstance(new java.util.Properties()),
                    new java.io.ByteArrayInputStream(m.substring(m.indexOf('\n') + 1).getBytes(StandardCharsets.UTF_8)));
            jakarta.mail.internet.MimeMultipart parts = (jakarta.mail.internet.MimeMultipart) parsed.getContent();
            assertThat(parts.getCount()).isEqualTo(2);
            assertThat(parts.getBodyPart(1).getInputStream().readAllBytes())
                    .isEqualTo(original.getBytes(StandardCharsets.UTF_8));
        });
    }

    interface Sending {
        void to(String smarthost) throws Exception;
    }

    /** What a local capture server received while {@code sending} ran against it, one text per message. */
    private static List<String> captured(Sending sending) throws Exception {
        List<String> captured = new CopyOnWriteArrayList<>();
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        SMTPServer server = SMTPServer.port(port).hostName("capture.test").simpleMessageListener(new SimpleMessageListener() {
            @Override
            public boolean accept(String from, String recipient) {
                return true;
            }

            @Override
            public void deliver(String from, String recipient, InputStream data) throws IOException {
                captured.add(from + " -> " + recipient + "\n" + new String(data.readAllBytes(), StandardCharsets.UTF_8));
            }
        }).build();
        server.start();
        try {
            sending.to("127.0.0.1:" + port);
        } finally {
            server.stop();
        }
        return captured;
    }
}
