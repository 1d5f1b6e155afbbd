package it.certmail.pec.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Properties;

import jakarta.activation.DataHandler;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;

import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.CMSAttributes;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerInformation;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import it.certmail.pec.mime.Spool;

/** Sign + verify round trips with both profiles, checked by our verifier and by OpenSSL. */
class SmimeSignerTest {

    private static final Session SESSION = Session.getInstance(new Properties());
    // real time: OpenSSL validates against the current clock
    private static final Instant ISSUED = Instant.now().minus(1, ChronoUnit.HOURS);
    private static final Instant SIGNING_TIME = Instant.now().minus(1, ChronoUnit.MINUTES)
            .truncatedTo(ChronoUnit.SECONDS);
    private static final String DATICERT = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            + "<postacert tipo=\"accettazione\" errore=\"nessuno\"><dati><gestoreemittente>Certmail</gestoreemittente>"
            + "</dati></postacert>\n";

    private static ProviderKeyMaterial material;

    @TempDir
    Path tmp;

    @BeforeAll
    static void keys() {
        material = new LocalPki().generate("Certmail", "pec.certmail.example", ISSUED).material();
    }

    private static SmimeVerifier verifier() {
        return new SmimeVerifier(List.of(material.caCertificate()));
    }

    /** Text with LF line ends and non-ASCII characters, daticert.xml and a postacert.eml, as in an envelope. */
    private static MimeBodyPart envelopeContent() throws Exception {
        MimeBodyPart text = new MimeBodyPart();
        text.setText("Ricevuta di accettazione\nIl messaggio è stato accettato dal sistema.\n", "UTF-8");
        MimeBodyPart daticert = new MimeBodyPart();
        daticert.setDataHandler(new DataHandler(new ByteArrayDataSource(
                DATICERT.getBytes(StandardCharsets.UTF_8), "application/xml")));
        daticert.setFileName("daticert.xml");
        MimeMessage original = new MimeMessage(SESSION);
        original.setFrom(new InternetAddress("mario.rossi@pec.certmail.example"));
        original.setSubject("Fattura");
        original.setText("Buongiorno,\nin allegato.\n");
        original.saveChanges();
        MimeBodyPart postacert = new MimeBodyPart();
        postacert.setContent(original, "message/rfc822");
        postacert.setFileName("postacert.eml");
        MimeMultipart mixed = new MimeMultipart("mixed");
        mixed.addBodyPart(text);
        mixed.addBodyPart(daticert);
        mixed.addBodyPart(postacert);
        MimeBodyPart content = new MimeBodyPart();
        content.setContent(mixed);
        return content;
    }

    private static MimeMessage signedMessage(SignatureProfile profile) throws Exception {
        SmimeSigner signer = new SmimeSigner(material.signing(), profile);
        MimeMessage msg = new MimeMessage(SESSION);
        msg.setFrom(new InternetAddress(signer.signerAddress()));
        msg.setRecipient(Message.RecipientType.TO, new InternetAddress("mario.rossi@pec.certmail.example"));
        msg.setSubject("ACCETTAZIONE: Fattura");
        msg.setHeader("X-Ricevuta", "accettazione");
        msg.setContent(signer.sign(envelopeContent(), SIGNING_TIME));
        msg.saveChanges();
        return msg;
    }

    private static byte[] wire(MimeMessage msg) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        msg.writeTo(out);
        return out.toByteArray();
    }

    private static byte[] p7s(byte[] wire) throws Exception {
        MimeMessage parsed = new MimeMessage(SESSION, new ByteArrayInputStream(wire));
        MimeMultipart mp = (MimeMultipart) parsed.getContent();
        return mp.getBodyPart(1).getInputStream().readAllBytes();
    }

    @ParameterizedTest
    @EnumSource(SignatureProfile.class)
    void signedMessageShouldVerifyWithOwnVerifier(SignatureProfile profile) throws Exception {
        byte[] wire = wire(signedMessage(profile));

        SignatureCheck check = verifier().verify(wire);

        assertThat(check.problems()).isEmpty();
        assertThat(check.valid()).isTrue();
        assertThat(check.signingTime()).isEqualTo(SIGNING_TIME);
        assertThat(check.digestAlgorithm()).isEqualTo(profile.digestAlgorithm());
        assertThat(check.signerAddress()).isEqualTo("posta-certificata@pec.certmail.example");
        assertThat(check.signer()).isEqualTo(material.signing().certificate());
        MimeMultipart inner = (MimeMultipart) check.signedContent().getContent();
        assertThat(inner.getCount()).isEqualTo(3);
        assertThat(inner.getBodyPart(1).getFileName()).isEqualTo("daticert.xml");
        assertThat(new String(inner.getBodyPart(1).getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                .as("7bit text is canonicalised to CRLF line ends (RFC 5751 §3.1.1)")
                .isEqualTo(DATICERT.replace("\n", "\r\n"));
    }

    @ParameterizedTest
    @EnumSource(SignatureProfile.class)
    void signedMessageShouldSurviveReparseAndSecondSave(SignatureProfile profile) throws Exception {
        MimeMessage msg = signedMessage(profile);
        assertThat(verifier().verify(msg).valid()).isTrue();

        msg.saveChanges();
        MimeMessage reparsed = new MimeMessage(SESSION, new ByteArrayInputStream(wire(msg)));
        reparsed.setHeader("Subject", "changed outside the signature");
        reparsed.saveChanges();

        assertThat(verifier().verify(reparsed).problems()).isEmpty();
        assertThat(verifier().verify(RawMime.toCrlf(wire(reparsed))).valid()).isTrue();
    }

    @ParameterizedTest
    @EnumSource(SignatureProfile.class)
    void signedMessageShouldCarryProfileMimeParameters(SignatureProfile profile) throws Exception {
        MimeMessage msg = signedMessage(profile);
        ContentType type = new ContentType(msg.getContentType());
        MimeMultipart mp = (MimeMultipart) msg.getContent();
        ContentType sigType = new ContentType(mp.getBodyPart(1).getContentType());

        assertThat(type.getBaseType()).isEqualTo("multipart/signed");
        assertThat(type.getParameter("protocol")).isEqualTo(profile.signatureContentType());
        assertThat(type.getParameter("micalg")).isEqualTo(profile == SignatureProfile.SHA256 ? "sha-256" : "sha1");
        assertThat(sigType.getBaseType()).isEqualTo(profile == SignatureProfile.SHA256
                ? "application/pkcs7-signature" : "application/x-pkcs7-signature");
        assertThat(sigType.getParameter("name")).isEqualTo("smime.p7s");
        assertThat(mp.getBodyPart(1).getFileName()).isEqualTo("smime.p7s");
    }

    @ParameterizedTest
    @EnumSource(SignatureProfile.class)
    void signatureShouldCarryObservedSignedAttributesAndChain(SignatureProfile profile) throws Exception {
        CMSSignedData cms = new CMSSignedData(p7s(wire(signedMessage(profile))));
        SignerInformation si = cms.getSignerInfos().getSigners().iterator().next();
        List<String> attributeOids = new ArrayList<>();
        for (Attribute a : si.getSignedAttributes().toASN1Structure().getAttributes()) {
            attributeOids.add(a.getAttrType().getId());
        }

        assertThat(attributeOids).containsExactlyInAnyOrder(CMSAttributes.contentType.getId(),
                CMSAttributes.signingTime.getId(), CMSAttributes.messageDigest.getId(),
                PKCSObjectIdentifiers.pkcs_9_at_smimeCapabilities.getId());
        assertThat(si.getEncryptionAlgOID()).isEqualTo(profile == SignatureProfile.LEGACY_SHA1
                ? PKCSObjectIdentifiers.rsaEncryption.getId()
                : PKCSObjectIdentifiers.sha256WithRSAEncryption.getId());
        assertThat(si.getUnsignedAttributes()).isNull();
        assertThat(cms.getCertificates().getMatches(null)).hasSize(2);
        assertThat(cms.isDetachedSignature()).isTrue();
    }

    @ParameterizedTest
    @EnumSource(SignatureProfile.class)
    void tamperedSignedMessageShouldFail(SignatureProfile profile) throws Exception {
        String wire = new String(wire(signedMessage(profile)), StandardCharsets.ISO_8859_1);
        String tampered = wire.replaceFirst("Ricevuta di accettazione", "Ricevuta di accettaziona");
        assertThat(tampered).isNotEqualTo(wire);

        SignatureCheck check = verifier().verify(tampered.getBytes(StandardCharsets.ISO_8859_1));

        assertThat(check.signed()).isTrue();
        assertThat(check.signatureValid()).isFalse();
    }

    @ParameterizedTest
    @EnumSource(SignatureProfile.class)
    void openSslShouldAcceptSignedMessage(SignatureProfile profile) throws Exception {
        OpenSsl.assumeAvailable();
        Path caPem = tmp.resolve("ca.pem");
        Certificates.writePem(caPem, List.of(material.caCertificate()));
        byte[] wire = wire(signedMessage(profile));

        OpenSsl.Result ok = OpenSsl.verifySmime(wire, caPem);
        String tampered = new String(wire, StandardCharsets.ISO_8859_1)
                .replaceFirst("Ricevuta di accettazione", "Ricevuta di accettaziona");
        OpenSsl.Result bad = OpenSsl.verifySmime(tampered.getBytes(StandardCharsets.ISO_8859_1), caPem);

        assertThat(ok.exitCode()).as(ok.stderr()).isZero();
        assertThat(ok.stderr()).contains("Verification successful");
        assertThat(ok.stdout()).contains("daticert.xml");
        assertThat(bad.exitCode()).as("openssl must reject the tampered copy").isNotZero();
    }

    @Test
    void openSslShouldAcceptArubaReceiptAtSigningTime() throws Exception {
        // control for the helper: a real PEC signature anchored at AgID CA1, certificate expired since 2020
        OpenSsl.assumeAvailable();
        byte[] eml = Files.readAllBytes(TestFiles.acceptanceEml());

        OpenSsl.Result r = OpenSsl.verifySmime(eml, TestFiles.agidCa1(), Instant.ofEpochSecond(1542123566L));

        assertThat(r.exitCode()).as(r.stderr()).isZero();
    }

    @ParameterizedTest
    @EnumSource(SignatureProfile.class)
    void signEntityShouldSignTheSpooledBytesAsTheyAre(SignatureProfile profile) throws Exception {
        byte[] entity = ("Content-Type: text/plain; charset=us-ascii\r\nContent-Transfer-Encoding: 7bit\r\n\r\n"
                + "posta certificata\r\n").getBytes(StandardCharsets.US_ASCII);
        SmimeSigner signer = new SmimeSigner(material.signing(), profile);

        DetachedSignature signature;
        try (Spool spool = Spool.of(entity)) {
            signature = signer.signEntity(spool, SIGNING_TIME);
        }

        assertThat(signature.profile()).isEqualTo(profile);
        SignatureCheck check = verifier().verifyDetached(entity, signature.der());
        assertThat(check.problems()).isEmpty();
        assertThat(check.valid()).isTrue();
        assertThat(check.signingTime()).isEqualTo(SIGNING_TIME);
        assertThat(check.digestAlgorithm()).isEqualTo(profile.digestAlgorithm());
        byte[] other = entity.clone();
        other[other.length - 3] = 'A';
        assertThat(verifier().verifyDetached(other, signature.der()).valid()).isFalse();
        ContentType type = new ContentType(signature.multipartContentType("b1"));
        assertThat(type.getParameter("protocol")).isEqualTo(profile.signatureContentType());
        assertThat(type.getParameter("micalg")).isEqualTo(profile.micalg());
        assertThat(type.getParameter("boundary")).isEqualTo("b1");
    }

    @Test
    void signEncapsulatedShouldVerifyAsPkcs7Mime() throws Exception {
        SmimeSigner signer = new SmimeSigner(material.signing());
        byte[] entity = "Content-Type: text/plain\r\n\r\ndn: providerName=Certmail,o=postacert\r\n"
                .getBytes(StandardCharsets.US_ASCII);
        byte[] p7m = signer.signEncapsulated(entity, SIGNING_TIME);
        String mime = "Content-Type: application/pkcs7-mime; smime-type=signed-data; name=smime.p7m\r\n"
                + "Content-Transfer-Encoding: base64\r\n\r\n" + Base64.getMimeEncoder().encodeToString(p7m) + "\r\n";

        SignatureCheck check = verifier().verify(mime.getBytes(StandardCharsets.US_ASCII));

        assertThat(check.valid()).as("%s", check.problems()).isTrue();
        assertThat(check.digestAlgorithm()).isEqualTo("SHA-256");
    }

    @Test
    void signerShouldReportItsServiceAddress() {
        assertThat(new SmimeSigner(material.signing()).signerAddress())
                .isEqualTo("posta-certificata@pec.certmail.example");
        assertThat(new SmimeSigner(material.signing()).profile()).isEqualTo(SignatureProfile.SHA256);
    }
}
