package it.certmail.pec.receipts.infra;

import static it.certmail.pec.receipts.infra.PecTestProvider.DOMAIN;
import static it.certmail.pec.receipts.infra.PecTestProvider.RECIPIENT;
import static it.certmail.pec.receipts.infra.PecTestProvider.SENDER;
import static it.certmail.pec.receipts.infra.PecTestProvider.SERVICE_ADDRESS;
import static it.certmail.pec.receipts.infra.PecTestProvider.TIME;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Random;
import java.util.Set;

import jakarta.activation.DataHandler;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;

import org.junit.jupiter.api.Test;

import it.certmail.pec.crypto.LocalPki;
import it.certmail.pec.crypto.SignatureProfile;
import it.certmail.pec.crypto.SmimeSigner;
import it.certmail.pec.crypto.SmimeVerifier;
import it.certmail.pec.index.domain.InMemoryProviderIndex;
import it.certmail.pec.index.domain.ProviderIndex;
import it.certmail.pec.index.domain.ProviderRecord;
import it.certmail.pec.index.domain.SigningCertificate;
import it.certmail.pec.receipts.domain.DaticertError;
import it.certmail.pec.receipts.domain.PecMessageKind;
import it.certmail.pec.receipts.domain.Vectors;

/**
 * The reception point's decisions other than the happy path: provider-signed but malformed messages
 * (→ busta di anomalia) and signatures that do not make a message PEC (→ ordinary mail).
 */
class PecMessageClassifierTest {

    private static final Session SESSION = Session.getInstance(new Properties());

    private static PecMessageComposer composer() {
        return PecTestProvider.composer(SignatureProfile.DEFAULT);
    }

    private static byte[] acceptance() throws Exception {
        return PecTestProvider.bytes(composer().acceptance(PecTestProvider.facts(), TIME));
    }

    /** Replaces one (unsigned) outer header line, checking that it was there. */
    private static byte[] replaceHeader(byte[] raw, String line, String replacement) {
        String s = new String(raw, StandardCharsets.ISO_8859_1);
        int at = s.indexOf(line + "\r\n");
        assertThat(at).as("header line %s", line).isGreaterThanOrEqualTo(0)
                .isLessThan(s.indexOf("\r\n\r\n"));
        return (s.substring(0, at) + replacement + s.substring(at + line.length()))
                .getBytes(StandardCharsets.ISO_8859_1);
    }

    /** A message signed with our key: text, optionally a daticert.xml, and the given top-level headers. */
    private static byte[] signedByUs(byte[] daticert, String... headers) throws Exception {
        MimeBodyPart text = new MimeBodyPart();
        text.setText("Ricevuta di accettazione\r\n", "ISO-8859-1");
        MimeMultipart mixed = new MimeMultipart("mixed");
        mixed.addBodyPart(text);
        if (daticert != null) {
            MimeBodyPart xml = new MimeBodyPart();
            xml.setDataHandler(new DataHandler(new ByteArrayDataSource(daticert, "application/xml")));
            xml.setHeader("Content-Type", "application/xml; name=\"daticert.xml\"");
            xml.setHeader("Content-Disposition", "inline; filename=\"daticert.xml\"");
            xml.setHeader("Content-Transfer-Encoding", "base64");
            mixed.addBodyPart(xml);
        }
        MimeBodyPart content = new MimeBodyPart();
        content.setContent(mixed);
        MimeMultipart signed = PecTestProvider.signer(SignatureProfile.DEFAULT).sign(content, TIME);

        MimeMessage msg = new MimeMessage(SESSION);
        msg.setFrom(new InternetAddress(SERVICE_ADDRESS));
        msg.setRecipient(Message.RecipientType.TO, new InternetAddress(SENDER));
        msg.setSubject("ACCETTAZIONE: prova");
        for (int i = 0; i + 1 < headers.length; i += 2) {
            msg.setHeader(headers[i], headers[i + 1]);
        }
        msg.setContent(signed, signed.getContentType());
        msg.saveChanges();
        return PecTestProvider.bytes(msg);
    }

    @Test
    void classifierShouldFlagDaticertTipoContradictingXRicevutaAsMalformed() throws Exception {
        // the outer headers are not signed: a relay (or a bug) can change X-Ricevuta without breaking the signature
        byte[] raw = replaceHeader(acceptance(), "X-Ricevuta: accettazione", "X-Ricevuta: avvenuta-consegna");

        PecVerdict v = PecTestProvider.classifier().classify(raw);

        assertThat(v.category()).isEqualTo(PecVerdict.Category.MALFORMED);
        assertThat(v.signature().valid()).isTrue();
        assertThat(v.provider()).contains(PecTestProvider.record());
        assertThat(v.fromProvider()).isTrue();
        assertThat(v.certified()).isFalse();
        assertThat(v.kind()).contains(PecMessageKind.DELIVERY);
        assertThat(v.problems()).anySatisfy(p -> assertThat(p)
                .contains("daticert tipo 'accettazione' contradicts X-Ricevuta: avvenuta-consegna"));
    }

    @Test
    void classifierShouldFlagSignedDaticertTipoContradictingXRicevutaAsMalformed() throws Exception {
        byte[] daticert = Vectors.bytes("daticert/aruba-2018-avvenuta-consegna-completa.daticert.xml");
        byte[] raw = signedByUs(daticert, "X-Ricevuta", "accettazione");

        PecVerdict v = PecTestProvider.classifier().classify(raw);

        assertThat(v.category()).isEqualTo(PecVerdict.Category.MALFORMED);
        assertThat(v.problems()).containsExactly(
                "daticert tipo 'avvenuta-consegna' contradicts X-Ricevuta: accettazione (expected 'accettazione')");
    }

    @Test
    void classifierShouldFlagSignedNoticeWithoutDaticertAsMalformed() throws Exception {
        byte[] raw = signedByUs(null, "X-Ricevuta", "accettazione");

        PecVerdict v = PecTestProvider.classifier().classify(raw);

        assertThat(v.category()).isEqualTo(PecVerdict.Category.MALFORMED);
        assertThat(v.signature().valid()).isTrue();
        assertThat(v.kind()).contains(PecMessageKind.ACCEPTANCE);
        assertThat(v.daticert()).isEmpty();
        assertThat(v.problems()).containsExactly("daticert.xml not found in the signed content");
    }

    @Test
    void classifierShouldFlagSenderDomainOutsideManagedDomainsAsMalformed() throws Exception {
        byte[] raw = replaceHeader(acceptance(), "From: " + SERVICE_ADDRESS, "From: posta-certificata@altro.test");

        PecVerdict v = PecTestProvider.classifier().classify(raw);

        assertThat(v.category()).isEqualTo(PecVerdict.Category.MALFORMED);
        assertThat(v.from()).isEqualTo("posta-certificata@altro.test");
        assertThat(v.problems()).singleElement().satisfies(p -> assertThat(p)
                .contains("From domain 'altro.test'").contains("managedDomains"));
    }

    @Test
    void classifierShouldFlagProviderWhoseRecordDoesNotManageItsDomainsAsMalformed() throws Exception {
        ProviderIndex elsewhere = InMemoryProviderIndex.of(PecTestProvider.record(Set.of("pec.elsewhere.test")));
        PecMessageClassifier classifier = new PecMessageClassifier(PecTestProvider.verifier(), elsewhere);

        PecVerdict v = classifier.classify(acceptance());

        assertThat(v.category()).isEqualTo(PecVerdict.Category.MALFORMED);
        assertThat(v.problems()).hasSize(2)
                .anySatisfy(p -> assertThat(p).startsWith("From domain '" + DOMAIN + "'"))
                .anySatisfy(p -> assertThat(p).startsWith("signer address domain '" + DOMAIN + "'"));
    }

    @Test
    void classifierShouldFlagDtdInvalidDaticertAsMalformed() throws Exception {
        // the anonymised vector has stray text after </risposte>: readable but not valid
        byte[] invalid = Vectors.bytes("daticert/javapecparser-2024-errore-consegna-anonimizzato.daticert.xml");
        byte[] raw = signedByUs(invalid, "X-Ricevuta", "errore-consegna");

        PecVerdict v = PecTestProvider.classifier().classify(raw);

        assertThat(v.category()).isEqualTo(PecVerdict.Category.MALFORMED);
        assertThat(v.kind()).contains(PecMessageKind.DELIVERY_FAILURE);
        assertThat(v.daticert()).hasValueSatisfying(r -> assertThat(r.dtdValid()).isFalse());
        assertThat(v.problems()).contains("daticert.xml is not valid against postacert.dtd")
                .anySatisfy(p -> assertThat(p).startsWith("daticert.xml: DTD: "));
    }

    @Test
    void classifierShouldFlagProviderSignedMessageWithoutPecHeaderAsMalformed() throws Exception {
        byte[] raw = signedByUs(Vectors.bytes("daticert/aruba-2018-accettazione.daticert.xml"));

        PecVerdict v = PecTestProvider.classifier().classify(raw);

        assertThat(v.category()).isEqualTo(PecVerdict.Category.MALFORMED);
        assertThat(v.kind()).isEmpty();
        assertThat(v.problems()).containsExactly("neither X-Trasporto nor X-Ricevuta present");
    }

    @Test
    void classifierShouldFlagUnknownOrConflictingPecHeadersAsMalformed() throws Exception {
        byte[] unknown = replaceHeader(acceptance(), "X-Ricevuta: accettazione", "X-Ricevuta: letta");
        byte[] both = replaceHeader(acceptance(), "X-Ricevuta: accettazione",
                "X-Ricevuta: accettazione\r\nX-Trasporto: posta-certificata");

        PecVerdict u = PecTestProvider.classifier().classify(unknown);
        PecVerdict b = PecTestProvider.classifier().classify(both);

        assertThat(u.category()).isEqualTo(PecVerdict.Category.MALFORMED);
        assertThat(u.problems()).contains("unknown X-Ricevuta value 'letta'");
        assertThat(b.category()).isEqualTo(PecVerdict.Category.MALFORMED);
        assertThat(b.problems()).contains("both X-Trasporto and X-Ricevuta present");
    }

    @Test
    void classifierShouldAcceptPecHeaderNamesAndValuesInAnyCase() throws Exception {
        byte[] raw = replaceHeader(acceptance(), "X-Ricevuta: accettazione", "x-ricevuta: Accettazione");

        PecVerdict v = PecTestProvider.classifier().classify(raw);

        assertThat(v.problems()).isEmpty();
        assertThat(v.category()).isEqualTo(PecVerdict.Category.NOTICE);
        assertThat(v.kind()).contains(PecMessageKind.ACCEPTANCE);
    }

    @Test
    void classifierShouldFlagAnomalyHeaderOnMessageWithDaticertAsMalformed() throws Exception {
        byte[] envelope = PecTestProvider.bytes(composer().transportEnvelope(PecTestProvider.original(),
                PecTestProvider.facts(), TIME));
        byte[] raw = replaceHeader(envelope, "X-Trasporto: posta-certificata", "X-Trasporto: errore");

        PecVerdict v = PecTestProvider.classifier().classify(raw);

        assertThat(v.category()).isEqualTo(PecVerdict.Category.MALFORMED);
        assertThat(v.kind()).contains(PecMessageKind.ANOMALY_ENVELOPE);
        assertThat(v.problems()).containsExactly("a busta di anomalia must not carry daticert.xml");
    }

    @Test
    void classifierShouldFlagVirusHeaderWithoutVirusErrorAsMalformed() throws Exception {
        byte[] failure = PecTestProvider.bytes(composer().deliveryFailure(PecTestProvider.facts(), RECIPIENT,
                DaticertError.NO_RECIPIENT, "5.1.1 - indirizzo non valido", TIME));
        byte[] raw = replaceHeader(failure, "X-Ricevuta: errore-consegna",
                "X-Ricevuta: errore-consegna\r\nX-VerificaSicurezza: errore");

        PecVerdict v = PecTestProvider.classifier().classify(raw);

        assertThat(v.category()).isEqualTo(PecVerdict.Category.MALFORMED);
        assertThat(v.kind()).contains(PecMessageKind.DELIVERY_FAILURE_VIRUS);
        assertThat(v.problems()).singleElement().satisfies(p -> assertThat(p).contains("'no-dest'"));
    }

    @Test
    void classifierShouldFlagEnvelopeWithoutOriginalAsMalformed() throws Exception {
        byte[] daticert = Vectors.bytes("daticert/sogei-2018-posta-certificata-breve.daticert.xml");
        byte[] raw = signedByUs(daticert, "X-Trasporto", "posta-certificata");

        PecVerdict v = PecTestProvider.classifier().classify(raw);

        assertThat(v.category()).isEqualTo(PecVerdict.Category.MALFORMED);
        assertThat(v.problems()).containsExactly("busta di trasporto without the original message (postacert.eml)");
    }

    @Test
    void classifierShouldTreatSignatureFromUnknownCaAsOrdinary() throws Exception {
        LocalPki.Generated stranger = new LocalPki().generate("Stranger PEC", DOMAIN, PecTestProvider.ISSUED);
        PecMessageComposer foreign = new PecMessageComposer(new SmimeSigner(stranger.material().signing()),
                PecTestProvider.NAME, DOMAIN);
        byte[] raw = PecTestProvider.bytes(foreign.acceptance(PecTestProvider.facts(), TIME));

        PecVerdict v = PecTestProvider.classifier().classify(raw);

        assertThat(v.category()).isEqualTo(PecVerdict.Category.ORDINARY);
        assertThat(v.signature().signatureValid()).isTrue();
        assertThat(v.signature().chainTrusted()).isFalse();
        assertThat(v.provider()).isEmpty();
        assertThat(v.problems())
                .anySatisfy(p -> assertThat(p).startsWith("S/MIME: certificate chain not trusted"))
                .anySatisfy(p -> assertThat(p).contains("not in the providers' index"));

        // trusting the stranger's CA is not enough either: its certificate is not in the index
        PecMessageClassifier trustingCa = new PecMessageClassifier(
                new SmimeVerifier(List.of(stranger.material().caCertificate())), PecTestProvider.index());
        PecVerdict w = trustingCa.classify(raw);
        assertThat(w.category()).isEqualTo(PecVerdict.Category.ORDINARY);
        assertThat(w.signature().valid()).isTrue();
        assertThat(w.problems()).singleElement().satisfies(p -> assertThat(p).contains("not in the providers' index"));
    }

    @Test
    void classifierShouldTreatSignerWhoseCertificateDiffersFromTheIndexAsOrdinary() throws Exception {
        // an index that answers the hash with a record holding another certificate (as a corrupted copy would)
        LocalPki.Generated other = new LocalPki().generate("Other PEC", "pec.other.test", PecTestProvider.ISSUED);
        ProviderRecord wrong = ProviderRecord.of(PecTestProvider.NAME, null, PecTestProvider.MAIL_RECEIPT,
                Set.of(DOMAIN), List.of(SigningCertificate.of(other.material().signing().certificate().getEncoded())),
                null, null);
        ProviderIndex corrupted = new ProviderIndex() {
            @Override
            public Optional<ProviderRecord> findByCertificateHash(String sha1Hex) {
                return Optional.of(wrong);
            }

            @Override
            public Optional<ProviderRecord> findByDomain(String domain) {
                return Optional.of(wrong);
            }

            @Override
            public List<ProviderRecord> all() {
                return List.of(wrong);
            }
        };

        PecVerdict v = new PecMessageClassifier(PecTestProvider.verifier(), corrupted).classify(acceptance());

        assertThat(v.category()).isEqualTo(PecVerdict.Category.ORDINARY);
        assertThat(v.provider()).isEmpty();
        assertThat(v.problems()).singleElement().satisfies(p -> assertThat(p).contains("differs from the certificate"));
    }

    @Test
    void classifierShouldTreatFailingIndexAsOrdinaryWithoutThrowing() throws Exception {
        ProviderIndex broken = new ProviderIndex() {
            @Override
            public Optional<ProviderRecord> findByCertificateHash(String sha1Hex) {
                throw new IllegalStateException("database down");
            }

            @Override
            public Optional<ProviderRecord> findByDomain(String domain) {
                throw new IllegalStateException("database down");
            }

            @Override
            public List<ProviderRecord> all() {
                throw new IllegalStateException("database down");
            }
        };

        PecVerdict v = new PecMessageClassifier(PecTestProvider.verifier(), broken).classify(acceptance());

        assertThat(v.category()).isEqualTo(PecVerdict.Category.ORDINARY);
        assertThat(v.problems()).singleElement().satisfies(p -> assertThat(p)
                .contains("index lookup failed").contains("database down"));
    }

    @Test
    void classifierShouldNotTakeDaticertFromTheAttachedOriginal() throws Exception {
        // an ordinary message forwarding a PEC receipt: the receipt's daticert is inside message/rfc822
        byte[] inner = acceptance();
        String outer = "From: " + SERVICE_ADDRESS + "\r\nTo: " + SENDER + "\r\nSubject: fwd\r\n"
                + "X-Ricevuta: accettazione\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n--b\r\n"
                + "Content-Type: message/rfc822\r\n\r\n";
        byte[] raw = concat(outer.getBytes(StandardCharsets.US_ASCII), inner,
                "\r\n--b--\r\n".getBytes(StandardCharsets.US_ASCII));

        PecVerdict v = PecTestProvider.classifier().classify(raw);

        assertThat(v.category()).isEqualTo(PecVerdict.Category.ORDINARY);
        assertThat(v.daticert()).isEmpty();
        assertThat(v.signerSha1()).isNull();
    }

    @Test
    void classifierShouldAcceptComposedMessageStoredWithLfLineEnds() throws Exception {
        byte[] lf = new String(acceptance(), StandardCharsets.ISO_8859_1).replace("\r\n", "\n")
                .getBytes(StandardCharsets.ISO_8859_1);

        PecVerdict v = PecTestProvider.classifier().classify(lf);

        assertThat(v.problems()).isEmpty();
        assertThat(v.category()).isEqualTo(PecVerdict.Category.NOTICE);
    }

    @Test
    void classifierShouldNeverThrowOnRandomlyDamagedMessages() throws Exception {
        byte[] good = PecTestProvider.bytes(composer().transportEnvelope(PecTestProvider.original(),
                PecTestProvider.facts(), TIME));
        PecMessageClassifier classifier = PecTestProvider.classifier();
        Random random = new Random(7);
        int stillValid = 0;
        for (int round = 0; round < 100; round++) {
            byte[] bad = good.clone();
            int changes = 1 + random.nextInt(4);
            for (int i = 0; i < changes; i++) {
                bad[random.nextInt(bad.length)] = (byte) random.nextInt(256);
            }
            if (round % 10 == 0) {
                bad = Arrays.copyOf(bad, random.nextInt(bad.length));
            }

            PecVerdict v = classifier.classify(bad);

            assertThat(v.category()).isNotNull();
            if (v.certified()) {
                stillValid++;
                assertThat(v.problems()).isEmpty();
                assertThat(v.signature().valid()).isTrue();
            } else {
                assertThat(v.problems()).isNotEmpty();
            }
        }
        // damage to unsigned outer headers can leave a message valid; most damage must not
        assertThat(stillValid).isLessThan(50);
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }
}
