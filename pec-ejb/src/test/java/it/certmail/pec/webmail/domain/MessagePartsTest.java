package it.certmail.pec.webmail.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Properties;

import org.junit.jupiter.api.Test;

import jakarta.mail.MessagingException;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;

import it.certmail.pec.mime.Spool;
import it.certmail.pec.mime.SpooledMimeMessage;

class MessagePartsTest {

    private static final Session SESSION = Session.getInstance(new Properties());

    private static SpooledMimeMessage vector(String name) throws IOException, MessagingException {
        try (InputStream in = Files.newInputStream(DaticertSummaryTest.vectors().resolve(name))) {
            return new SpooledMimeMessage(SESSION, Spool.copyOf(in));
        }
    }

    private static MimeMessage parse(String raw) throws MessagingException {
        return new MimeMessage(SESSION, new ByteArrayInputStream(raw.replace("\n", "\r\n")
                .getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aDeliveryReceiptCompletaShouldShowTheOriginalWithItsAttachment() throws Exception {
        try (SpooledMimeMessage m = vector("aruba-2018-ricevuta-avvenuta-consegna.eml")) {
            MessageParts.Reading r = MessageParts.read(m, 100_000);
            assertTrue(r.original(), "postacert.eml is the shown message");
            assertTrue(r.html());
            assertEquals(1, r.attachments().size(), r.attachments().toString());
            MessageParts.Attachment a = r.attachments().get(0);
            assertEquals("IT03339130126_00009.xml", a.fileName());
            Part found = MessageParts.part(m, a.path()).orElseThrow();
            assertEquals("IT03339130126_00009.xml", MessageParts.fileName(found));
            try (InputStream in = found.getInputStream()) {
                assertTrue(new String(in.readAllBytes(), StandardCharsets.UTF_8).contains("FatturaElettronica"));
            }
            assertTrue(MessageParts.part(m, r.bodyPath()).orElseThrow().isMimeType("text/html"));
        }
    }

    @Test
    void anAcceptanceShouldShowItsOwnTextAndDaticert() throws Exception {
        try (SpooledMimeMessage m = vector("aruba-2018-ricevuta-accettazione.eml")) {
            MessageParts.Reading r = MessageParts.read(m, 100_000);
            assertFalse(r.original());
            assertTrue(r.headers().subject().startsWith("ACCETTAZIONE"), r.headers().subject());
            assertTrue(r.attachments().stream().anyMatch(a -> a.fileName().equals("daticert.xml")),
                    r.attachments().toString());
        }
    }

    @Test
    void plainTextShouldBeCutAtTheLimitAndSaySo() throws Exception {
        MimeMessage m = parse("From: a@b.it\nTo: c@d.it\nSubject: =?UTF-8?Q?cos=C3=AC?=\n"
                + "Content-Type: text/plain; charset=UTF-8\n\n" + "x".repeat(5000) + "\n");
        MessageParts.Reading r = MessageParts.read(m, 100);
        assertEquals("così", r.headers().subject());
        assertFalse(r.html());
        assertEquals(100, r.text().length());
        assertTrue(r.truncated());
        assertEquals("", r.bodyPath());
    }

    @Test
    void anAlternativeShouldPreferHtmlAndListRealAttachments() throws Exception {
        MimeMessage m = parse("""
                From: a@b.it
                To: c@d.it, e@f.it
                Cc: g@h.it
                Subject: test
                MIME-Version: 1.0
                Content-Type: multipart/mixed; boundary="m"

                --m
                Content-Type: multipart/alternative; boundary="a"

                --a
                Content-Type: text/plain; charset=UTF-8

                testo
                --a
                Content-Type: text/html; charset=UTF-8

                <p>html</p>
                --a--
                --m
                Content-Type: application/pdf; name="fattura.pdf"
                Content-Disposition: attachment; filename="fattura.pdf"
                Content-Transfer-Encoding: base64

                JVBERi0=
                --m--
                """);
        MessageParts.Reading r = MessageParts.read(m, 1000);
        assertTrue(r.html());
        assertNull(r.text());
        assertEquals("1.2", r.bodyPath());
        assertEquals(List.of("c@d.it", "e@f.it"), r.headers().to());
        assertEquals(List.of("g@h.it"), r.headers().cc());
        assertEquals(1, r.attachments().size());
        assertEquals("2", r.attachments().get(0).path());
        assertEquals("application/pdf", r.attachments().get(0).contentType());
        try (InputStream in = MessageParts.part(m, "2").orElseThrow().getInputStream()) {
            assertEquals("%PDF-", new String(in.readAllBytes(), StandardCharsets.US_ASCII));
        }
        assertTrue(MessageParts.part(m, "9").isEmpty());
        assertTrue(MessageParts.part(m, "x").isEmpty());
        assertTrue(MessageParts.part(m, "2.1").isEmpty());
    }

    @Test
    void theAttachmentMarkShouldIgnoreTheEnvelopesOwnParts() throws Exception {
        byte[] acceptance = Files.readAllBytes(DaticertSummaryTest.vectors()
                .resolve("aruba-2018-ricevuta-accettazione.eml"));
        assertFalse(AttachmentMark.hasAttachment(acceptance));
        byte[] delivery = Files.readAllBytes(DaticertSummaryTest.vectors()
                .resolve("aruba-2018-ricevuta-avvenuta-consegna.eml"));
        assertTrue(AttachmentMark.hasAttachment(delivery));
        assertFalse(AttachmentMark.hasAttachment("Subject: x\r\nContent-Type: text/plain\r\n\r\nciao".getBytes(
                StandardCharsets.US_ASCII)));
        assertTrue(AttachmentMark.hasAttachment(("Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n"
                + "Content-Type: application/pdf;\r\n name=\"a.pdf\"\r\n\r\nxx\r\n--b--\r\n")
                .getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void theListShouldNameTheSenderAnEnvelopeCarries() {
        assertEquals("mario@pec.it", OnBehalfOf.sender(("Received: x\r\nFrom: \"Per conto di: mario@pec.it\"\r\n"
                + " <posta-certificata@gestore.it>\r\nSubject: POSTA CERTIFICATA: x\r\n\r\nFrom: nope\r\n")
                .getBytes(StandardCharsets.US_ASCII)));
        assertEquals("anna@pec.it", OnBehalfOf.sender("From: =?UTF-8?Q?Per_conto_di:_anna@pec.it?= <p@g.it>\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII)));
        assertNull(OnBehalfOf.sender("From: Mario <mario@pec.it>\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));
        assertNull(OnBehalfOf.sender("Subject: none\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));
    }
}
