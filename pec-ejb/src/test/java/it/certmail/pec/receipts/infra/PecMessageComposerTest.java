package it.certmail.pec.receipts.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Random;

import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;

import org.bouncycastle.mail.smime.SMIMESigned;
import org.junit.jupiter.api.Test;

import it.certmail.pec.receipts.domain.Daticert;
import it.certmail.pec.receipts.domain.DaticertDtd;
import it.certmail.pec.receipts.domain.DaticertError;
import it.certmail.pec.receipts.domain.DaticertReader;
import it.certmail.pec.receipts.domain.DaticertReading;
import it.certmail.pec.receipts.domain.DaticertType;
import it.certmail.pec.receipts.domain.PecMessageIds;
import it.certmail.pec.receipts.domain.PecMessageKind;
import it.certmail.pec.receipts.domain.PecTime;
import it.certmail.pec.receipts.domain.ReceiptForm;
import it.certmail.pec.receipts.domain.Recipient;
import it.certmail.pec.receipts.domain.TimeoutStage;
import it.certmail.pec.receipts.domain.TransactionFacts;

class PecMessageComposerTest {

    private static final Instant T = Instant.ofEpochSecond(1542123566); // 13/11/2018 16:39:26 +0100
    private static final String PEC_ID = "opec1.20181113163926.n1.1.00000000000000aa@pec.example.it";
    private static final String CLIENT_ID = "<client-123@mua.example.com>";
    private static final String SERVICE = "posta-certificata@pec.example.it";
    private static final String PROVIDER = "EXAMPLE PEC S.p.A.";
    private static final List<Recipient> RECIPIENTS = List.of(Recipient.certified("anna@pec.other.it"),
            Recipient.external("esterno@gmail.com"), Recipient.certified("luca@pec.other.it"));

    private final PecMessageComposer composer = new PecMessageComposer(TestMessageSigner.shared(), PROVIDER,
            "pec.example.it", new PecMessageIds("n1", "pec.example.it", new Random(3)));

    private static OriginalMessage original() throws Exception {
        return OriginalMessage.of(Samples.userMessage());
    }

    private static TransactionFacts tx() throws Exception {
        return original().facts("mario.rossi@pec.example.it", RECIPIENTS, PEC_ID);
    }

    /** The checks every kind shares; returns the daticert read back (absent for the anomaly). */
    private static Daticert checkCommon(SignedPec pec, PecMessageKind kind, String subject, boolean original)
            throws Exception {
        MimeMessage m = pec.message();
        assertThat(m.getSubject()).isEqualTo(kind.subjectPrefix() + subject);
        assertThat(pec.header(kind.header().fieldName())).isEqualTo(kind.headerValue());
        PecMessageKind.Header other = kind.isEnvelope() ? PecMessageKind.Header.X_RICEVUTA
                : PecMessageKind.Header.X_TRASPORTO;
        assertThat(pec.header(other.fieldName())).isNull();
        assertThat(pec.header("X-VerificaSicurezza")).isEqualTo(kind.securityError() ? "errore" : null);
        assertThat(PecMessageKind.classify(pec.header("X-Trasporto"), pec.header("X-Ricevuta"),
                pec.header("X-VerificaSicurezza"))).contains(kind);
        assertThat(ZonedDateTime.parse(pec.header("Date"), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant())
                .isEqualTo(T);
        assertThat(pec.header("Date")).endsWith("+0100");
        assertThat(m.getMessageID()).isNotBlank();
        assertThat(((InternetAddress) m.getFrom()[0]).getAddress()).isEqualTo(SERVICE);
        assertThat(pec.signer().getSubjectAlternativeNames().iterator().next().get(1)).isEqualTo(SERVICE);

        // text alternatives: ISO-8859-1, quoted-printable, inline
        for (var part : List.of(pec.plain(), pec.html())) {
            assertThat(part.getContentType().toLowerCase()).contains("charset=\"iso-8859-1\"");
            assertThat(((MimeBodyPart) part).getEncoding()).isEqualTo("quoted-printable");
            assertThat(part.getDisposition()).isEqualTo("inline");
        }
        assertThat(pec.plain().getContentType()).startsWith("text/plain");
        assertThat(pec.html().getContentType()).startsWith("text/html");
        String html = (String) pec.html().getContent();
        assertThat(html).startsWith("<html>").doesNotContain("<script").doesNotContain("src=")
                .doesNotContain("href=");

        assertThat(pec.postacertPart() != null).as("carries postacert.eml").isEqualTo(original);
        if (original) {
            assertThat(pec.postacertPart().getContentType()).startsWith("message/rfc822");
            assertThat(pec.postacertPart().getDisposition()).isEqualTo("inline");
        }
        if (kind.daticertType().isEmpty()) {
            assertThat(pec.daticertPart()).isNull();
            assertThat(pec.mixed().getCount()).isEqualTo(2);
            return null;
        }
        assertThat(pec.mixed().getCount()).isEqualTo(original ? 3 : 2);
        assertThat(pec.daticertPart().getContentType()).startsWith("application/xml");
        assertThat(((MimeBodyPart) pec.daticertPart()).getEncoding()).isEqualTo("base64");
        assertThat(pec.daticertPart().getDisposition()).isEqualTo("inline");
        byte[] xml = pec.daticert();
        assertThat(DaticertDtd.validate(xml)).isEmpty();
        DaticertReading reading = DaticertReader.read(xml);
        assertThat(reading.clean()).as(reading.problems().toString()).isTrue();
        Daticert d = reading.daticert().orElseThrow();
        assertThat(d.type()).isEqualTo(kind.daticertType().orElseThrow());
        assertThat(d.issuer()).isEqualTo(PROVIDER);
        assertThat(d.time().toInstant()).isEqualTo(T);
        assertThat(d.identifier()).isEqualTo(PEC_ID);
        assertThat(d.msgid()).isEqualTo(CLIENT_ID);
        assertThat(d.sender()).isEqualTo("mario.rossi@pec.example.it");
        assertThat(d.recipients()).isEqualTo(RECIPIENTS);
        assertThat(d.subject()).isEqualTo(subject);
        return d;
    }

    private static void checkNotice(SignedPec pec, String to) throws Exception {
        assertThat(pec.header("X-Riferimento-Message-ID")).isEqualTo(CLIENT_ID);
        assertThat(pec.message().getMessageID()).isNotEqualTo("<" + PEC_ID + ">").endsWith("@pec.example.it>");
        assertThat(pec.header("To")).isEqualTo(to);
        assertThat(pec.header("From")).isEqualTo(SERVICE);
    }

    @Test
    void transportEnvelopeShouldCarryTheOriginalWithThePecMsgid() throws Exception {
        SignedPec pec = SignedPec.of(composer.transportEnvelope(original(), tx(), T));
        Daticert d = checkCommon(pec, PecMessageKind.TRANSPORT_ENVELOPE, "Fattura n° 12 €", true);
        assertThat(d.receiptForm()).isEqualTo(ReceiptForm.BRIEF);
        assertThat(d.error()).isEqualTo(DaticertError.NONE);
        MimeMessage m = pec.message();
        assertThat(m.getMessageID()).isEqualTo("<" + PEC_ID + ">");
        assertThat(pec.header("X-Riferimento-Message-ID")).isEqualTo(CLIENT_ID);
        assertThat(pec.header("X-TipoRicevuta")).isEqualTo("breve");
        InternetAddress from = (InternetAddress) m.getFrom()[0];
        assertThat(from.getPersonal()).isEqualTo("Per conto di: mario.rossi@pec.example.it");
        assertThat(pec.header("From")).isEqualTo(
                "\"Per conto di: mario.rossi@pec.example.it\" <posta-certificata@pec.example.it>");
        assertThat(pec.header("Reply-To")).isEqualTo("mario.rossi@pec.example.it");
        assertThat(pec.header("To")).isEqualTo("anna@pec.other.it, esterno@gmail.com");
        assertThat(pec.header("Cc")).isEqualTo("luca@pec.other.it");
        assertThat(pec.header("Received")).contains("smtps.pec.example.it");
        assertThat(new String(pec.bytes(), StandardCharsets.ISO_8859_1))
                .startsWith("Received: from [10.0.0.1] (client.example.com [10.0.0.1])\r\n\tby smtps.pec.example.it");
        assertThat(pec.message().getHeader("Message-ID")).hasSize(1);

        // postacert.eml: the original's bytes, only the Message-ID swapped and X-Riferimento-Message-ID added
        String expected = new String(RawEntity.toCrlf(Samples.userMessage()), StandardCharsets.UTF_8)
                .replace("Message-ID: " + CLIENT_ID,
                        "Message-ID: <" + PEC_ID + ">\r\nX-Riferimento-Message-ID: " + CLIENT_ID);
        assertThat(new String(pec.postacert(), StandardCharsets.UTF_8)).isEqualTo(expected);
        assertThat(((MimeBodyPart) pec.postacertPart()).getEncoding()).isEqualTo("8bit");
        String text = (String) pec.plain().getContent();
        assertThat(text).contains("Messaggio di posta certificata").contains("Il giorno 13/11/2018 alle ore 16:39:26 (+0100)")
                .contains("esterno@gmail.com").contains("Identificativo messaggio: " + PEC_ID);
    }

    @Test
    void envelopeShouldKeepAnExistingReplyToAndANestedSignatureVerifiable() throws Exception {
        // a signed original (the real Aruba receipt) must still verify once wrapped in the envelope
        OriginalMessage signedOriginal = OriginalMessage.of(Samples.arubaDelivery());
        TransactionFacts facts = signedOriginal.facts("posta-certificata@pec.aruba.it",
                List.of(Recipient.certified("l.battistini@pec.it")), PEC_ID);
        SignedPec pec = SignedPec.of(composer.transportEnvelope(signedOriginal, facts, T));
        MimeMessage inner = new MimeMessage(SignedPec.SESSION, new ByteArrayInputStream(pec.postacert()));
        assertThat(inner.getMessageID()).isEqualTo("<" + PEC_ID + ">");
        SignedPec.verify(new SMIMESigned((MimeMultipart) inner.getContent()));
    }

    @Test
    void acceptanceShouldListRecipientsWithTheirType() throws Exception {
        SignedPec pec = SignedPec.of(composer.acceptance(tx(), T));
        Daticert d = checkCommon(pec, PecMessageKind.ACCEPTANCE, "Fattura n° 12 €", false);
        checkNotice(pec, "mario.rossi@pec.example.it");
        assertThat(d.receiptForm()).isNull();
        assertThat(d.delivery()).isNull();
        assertThat((String) pec.plain().getContent()).contains("esterno@gmail.com (\"posta ordinaria\")")
                .contains("anna@pec.other.it (\"posta certificata\")")
                .contains("Fattura n° 12 ?"); // € is not ISO-8859-1
        assertThat((String) pec.html().getContent()).contains("Fattura n&#176; 12 &#8364;");
    }

    @Test
    void nonAcceptanceShouldCarryTheReason() throws Exception {
        SignedPec pec = SignedPec.of(composer.nonAcceptance(tx(), "destinatari in Bcc non ammessi", T));
        Daticert d = checkCommon(pec, PecMessageKind.NON_ACCEPTANCE, "Fattura n° 12 €", false);
        checkNotice(pec, "mario.rossi@pec.example.it");
        assertThat(d.error()).isEqualTo(DaticertError.OTHER);
        assertThat(d.extendedError()).isEqualTo("destinatari in Bcc non ammessi");
    }

    @Test
    void nonAcceptanceForVirusShouldSetTheSecurityHeader() throws Exception {
        SignedPec pec = SignedPec.of(composer.nonAcceptanceVirus(tx(), "Eicar-Test-Signature", T));
        Daticert d = checkCommon(pec, PecMessageKind.NON_ACCEPTANCE_VIRUS, "Fattura n° 12 €", false);
        checkNotice(pec, "mario.rossi@pec.example.it");
        assertThat(d.type()).isEqualTo(DaticertType.NON_ACCEPTANCE);
        assertThat(d.error()).isEqualTo(DaticertError.VIRUS);
        assertThat((String) pec.plain().getContent()).contains("Eicar-Test-Signature");
    }

    @Test
    void takeChargeShouldGoToTheSenderProviderServiceMailbox() throws Exception {
        SignedPec pec = SignedPec.of(composer.takeCharge(tx(), List.of("anna@pec.other.it", "luca@pec.other.it"),
                "posta-certificata@pec.sender-provider.it", T));
        Daticert d = checkCommon(pec, PecMessageKind.TAKE_CHARGE, "Fattura n° 12 €", false);
        checkNotice(pec, "posta-certificata@pec.sender-provider.it");
        assertThat(d.reception()).containsExactly("anna@pec.other.it", "luca@pec.other.it");
    }

    @Test
    void completeDeliveryReceiptShouldCarryTheOriginalUnchanged() throws Exception {
        OriginalMessage postacert = OriginalMessage.of(Samples.arubaPostacert());
        SignedPec pec = SignedPec.of(composer.delivery(tx(), "anna@pec.other.it", ReceiptForm.COMPLETE, postacert, T));
        Daticert d = checkCommon(pec, PecMessageKind.DELIVERY, "Fattura n° 12 €", true);
        checkNotice(pec, "mario.rossi@pec.example.it");
        assertThat(d.receiptForm()).isEqualTo(ReceiptForm.COMPLETE);
        assertThat(d.delivery()).isEqualTo("anna@pec.other.it");
        assertThat(pec.postacert()).isEqualTo(postacert.raw());
        assertThat((String) pec.plain().getContent()).contains("Ricevuta di avvenuta consegna")
                .contains("ed indirizzato a \"anna@pec.other.it\"");
    }

    @Test
    void briefDeliveryReceiptShouldReplaceAttachmentsWithHashes() throws Exception {
        OriginalMessage postacert = OriginalMessage.of(Samples.arubaPostacert());
        SignedPec pec = SignedPec.of(composer.delivery(tx(), "anna@pec.other.it", ReceiptForm.BRIEF, postacert, T));
        Daticert d = checkCommon(pec, PecMessageKind.DELIVERY, "Fattura n° 12 €", true);
        assertThat(d.receiptForm()).isEqualTo(ReceiptForm.BRIEF);
        MimeMessage inner = new MimeMessage(SignedPec.SESSION, new ByteArrayInputStream(pec.postacert()));
        MimeMultipart mp = (MimeMultipart) inner.getContent();
        MimeBodyPart hashed = (MimeBodyPart) mp.getBodyPart(1);
        assertThat(hashed.getFileName()).isEqualTo("IT03339130126_00009.xml.hash");
        assertThat(hashed.getContentType()).startsWith("text/plain");
        assertThat(((String) hashed.getContent())).matches("[0-9a-f]{40}");
        assertThat(inner.getMessageID()).isEqualTo("<opec288.20181113163926.01838.310.1.63@pec.aruba.it>");
        assertThat((String) pec.plain().getContent()).contains("Ricevuta breve di avvenuta consegna");
    }

    @Test
    void conciseDeliveryReceiptShouldNotCarryTheOriginal() throws Exception {
        SignedPec pec = SignedPec.of(composer.delivery(tx(), "luca@pec.other.it", ReceiptForm.CONCISE, null, T));
        Daticert d = checkCommon(pec, PecMessageKind.DELIVERY, "Fattura n° 12 €", false);
        assertThat(d.receiptForm()).isEqualTo(ReceiptForm.CONCISE);
        assertThat(d.delivery()).isEqualTo("luca@pec.other.it");
        assertThatThrownBy(() -> composer.delivery(tx(), "a@b.it", ReceiptForm.COMPLETE, null, T))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void deliveryFailureShouldCarryErrorAndExtendedError() throws Exception {
        SignedPec pec = SignedPec.of(composer.deliveryFailure(tx(), "anna@pec.other.it", DaticertError.NO_RECIPIENT,
                "5.1.1 - indirizzo non valido", T));
        Daticert d = checkCommon(pec, PecMessageKind.DELIVERY_FAILURE, "Fattura n° 12 €", false);
        checkNotice(pec, "mario.rossi@pec.example.it");
        assertThat(d.error()).isEqualTo(DaticertError.NO_RECIPIENT);
        assertThat(d.delivery()).isEqualTo("anna@pec.other.it");
        assertThat(d.extendedError()).isEqualTo("5.1.1 - indirizzo non valido");
        assertThat((String) pec.plain().getContent()).contains("Il messaggio è stato rifiutato dal sistema.");
    }

    @Test
    void deliveryFailureForVirusShouldSetTheSecurityHeader() throws Exception {
        SignedPec pec = SignedPec.of(composer.deliveryFailureVirus(tx(), "anna@pec.other.it", "EICAR", T));
        Daticert d = checkCommon(pec, PecMessageKind.DELIVERY_FAILURE_VIRUS, "Fattura n° 12 €", false);
        checkNotice(pec, "mario.rossi@pec.example.it");
        assertThat(d.type()).isEqualTo(DaticertType.DELIVERY_ERROR);
        assertThat(d.error()).isEqualTo(DaticertError.VIRUS);
        assertThat(d.delivery()).isEqualTo("anna@pec.other.it");
    }

    @Test
    void deliveryTimeoutShouldDistinguishTheTwoStagesOnlyInTheText() throws Exception {
        SignedPec w = SignedPec.of(composer.deliveryTimeout(tx(), "anna@pec.other.it", TimeoutStage.WARNING_12_HOURS, T));
        SignedPec f = SignedPec.of(composer.deliveryTimeout(tx(), "anna@pec.other.it", TimeoutStage.FINAL_24_HOURS, T));
        for (SignedPec pec : List.of(w, f)) {
            Daticert d = checkCommon(pec, PecMessageKind.DELIVERY_TIMEOUT, "Fattura n° 12 €", false);
            checkNotice(pec, "mario.rossi@pec.example.it");
            assertThat(d.delivery()).isEqualTo("anna@pec.other.it");
        }
        assertThat((String) w.plain().getContent()).contains("12 ore");
        assertThat((String) f.plain().getContent()).contains("24 ore");
    }

    @Test
    void virusDetectionShouldCarryXMittenteAndGoToTheServiceMailbox() throws Exception {
        SignedPec pec = SignedPec.of(composer.virusDetection(tx(), "anna@pec.other.it", "EICAR",
                "posta-certificata@pec.sender-provider.it", T));
        Daticert d = checkCommon(pec, PecMessageKind.VIRUS_DETECTION, "Fattura n° 12 €", false);
        checkNotice(pec, "posta-certificata@pec.sender-provider.it");
        assertThat(pec.header("X-Mittente")).isEqualTo("mario.rossi@pec.example.it");
        assertThat(d.error()).isEqualTo(DaticertError.VIRUS);
        assertThat(d.delivery()).isEqualTo("anna@pec.other.it");
    }

    @Test
    void anomalyEnvelopeShouldCarryTheWholeReceivedMessageAndNoDaticert() throws Exception {
        OriginalMessage received = OriginalMessage.of(Samples.userMessage());
        SignedPec pec = SignedPec.of(composer.anomalyEnvelope(received, "firma non valida", T));
        checkCommon(pec, PecMessageKind.ANOMALY_ENVELOPE, "Fattura n° 12 €", true);
        assertThat(pec.message().getMessageID()).isEqualTo(CLIENT_ID);
        assertThat(pec.message().getHeader("Message-ID")).hasSize(1);
        assertThat(pec.header("X-Riferimento-Message-ID")).isNull();
        assertThat(pec.header("From")).isEqualTo(
                "\"Per conto di: mario.rossi@pec.example.it\" <posta-certificata@pec.example.it>");
        assertThat(pec.header("Reply-To")).isEqualTo("mario.rossi@pec.example.it");
        assertThat(pec.header("To")).isEqualTo("anna@pec.other.it, esterno@gmail.com");
        assertThat(pec.postacert()).isEqualTo(received.raw());
        assertThat((String) pec.plain().getContent()).contains("firma non valida")
                .contains("Tali dati non sono stati certificati");
    }

    @Test
    void anomalyEnvelopeShouldKeepTheReceivedSignatureVerifiable() throws Exception {
        OriginalMessage received = OriginalMessage.of(Samples.arubaDelivery());
        SignedPec pec = SignedPec.of(composer.anomalyEnvelope(received, "formato non valido", T));
        MimeMessage inner = new MimeMessage(SignedPec.SESSION, new ByteArrayInputStream(pec.postacert()));
        SignedPec.verify(new SMIMESigned((MimeMultipart) inner.getContent()));
        assertThat(pec.message().getMessageID()).isEqualTo("<opec288.20181113163927.28978.421.1.413.72@pec.aruba.it>");
    }

    @Test
    void composedMessageShouldReserialiseToTheSameBytes() throws Exception {
        MimeMessage m = composer.acceptance(tx(), T);
        SignedPec a = SignedPec.of(m);
        SignedPec b = SignedPec.of(m);
        assertThat(a.bytes()).isEqualTo(b.bytes());
        assertThat(PecTime.local(T).toString()).contains("+01:00");
    }
}
