package it.certmail.pec.transport.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Properties;
import java.util.Random;

import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import it.certmail.pec.receipts.domain.ReceiptForm;

class OutgoingMailWriterTest {

    private static final ZonedDateTime DATE = ZonedDateTime.of(2026, 3, 1, 9, 30, 0, 0, ZoneId.of("Europe/Rome"));

    @TempDir
    Path dir;

    private MimeMessage written(OutgoingMail mail) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        OutgoingMailWriter.write(mail, "<webmail.1@a.test>", DATE, out);
        return new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(out.toByteArray()));
    }

    @Test
    void headersShouldBeWhatTheAccessPointChecksAndNoBcc() throws Exception {
        OutgoingMail mail = new OutgoingMail("alice@a.test", List.of("bob@b.test", "carol@c.test"), List.of("dan@d.test"),
                "Contratto è firmato", "Testo\nriga due", ReceiptForm.BRIEF, "<orig@b.test>",
                List.of("<older@b.test>", "<orig@b.test>"), List.of());
        MimeMessage m = written(mail);
        assertThat(m.getHeader("From", ",")).isEqualTo("alice@a.test");
        assertThat(m.getHeader("To", ",")).isEqualTo("bob@b.test, carol@c.test");
        assertThat(m.getHeader("Cc", ",")).isEqualTo("dan@d.test");
        assertThat(m.getHeader("Bcc")).isNull();
        assertThat(m.getSubject()).isEqualTo("Contratto è firmato");
        assertThat(m.getHeader("Message-ID", null)).isEqualTo("<webmail.1@a.test>");
        assertThat(m.getHeader("Date", null)).isEqualTo("Sun, 1 Mar 2026 09:30:00 +0100");
        assertThat(m.getHeader("X-TipoRicevuta", null)).isEqualTo("breve");
        assertThat(m.getHeader("In-Reply-To", null)).isEqualTo("<orig@b.test>");
        assertThat(m.getHeader("References", null)).contains("<older@b.test>").contains("<orig@b.test>");
        assertThat(m.getContent()).isEqualTo("Testo\nriga due");
        assertThat(mail.recipients()).containsExactly("bob@b.test", "carol@c.test", "dan@d.test");
    }

    @Test
    void attachmentsShouldComeBackByteForByte() throws Exception {
        byte[] binary = new byte[300_000];
        new Random(7).nextBytes(binary);
        Path pdf = Files.write(dir.resolve("a.bin"), binary);
        Path txt = Files.writeString(dir.resolve("b.txt"), "nota");
        OutgoingMail mail = new OutgoingMail("alice@a.test", List.of("bob@b.test"), List.of(), "s", "t",
                ReceiptForm.COMPLETE, null, List.of(),
                List.of(new OutgoingMail.Attachment("contratto firmato.pdf", "application/pdf", pdf, binary.length),
                        new OutgoingMail.Attachment("nota.txt", "text/plain", txt, 4)));
        MimeMessage m = written(mail);
        assertThat(m.getHeader("X-TipoRicevuta", null)).isEqualTo("completa");
        Multipart mixed = (Multipart) m.getContent();
        assertThat(mixed.getCount()).isEqualTo(3);
        assertThat(mixed.getBodyPart(0).getContent()).isEqualTo("t");
        Part first = mixed.getBodyPart(1);
        assertThat(first.getFileName()).isEqualTo("contratto firmato.pdf");
        assertThat(first.isMimeType("application/pdf")).isTrue();
        assertThat(first.getDisposition()).isEqualTo(Part.ATTACHMENT);
        try (InputStream in = first.getInputStream()) {
            assertThat(in.readAllBytes()).isEqualTo(binary);
        }
        assertThat(mail.estimatedMimeBytes()).isGreaterThan(binary.length * 4L / 3);
    }

    @Test
    void aForwardedMessageShouldStayUnencodedSoItsSignatureStillVerifies() throws Exception {
        String original = "From: x@b.test\r\nSubject: firmato\r\n\r\ncorpo \u00e8\r\n";
        Path eml = Files.write(dir.resolve("f.eml"), original.getBytes(StandardCharsets.UTF_8));
        MimeMessage m = written(new OutgoingMail("alice@a.test", List.of("bob@b.test"), List.of(), "Fwd: firmato", "",
                ReceiptForm.CONCISE, null, List.of(),
                List.of(new OutgoingMail.Attachment("firmato.eml", "message/rfc822", eml, Files.size(eml)))));
        MimeBodyPart part = (MimeBodyPart) ((Multipart) m.getContent()).getBodyPart(1);
        assertThat(part.getEncoding()).isEqualTo("8bit");
        try (InputStream in = part.getRawInputStream()) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(original);
        }
    }
}
