package it.certmail.pec.receipts.infra;

import static it.certmail.pec.receipts.infra.PecTestProvider.MAIL_RECEIPT;
import static it.certmail.pec.receipts.infra.PecTestProvider.NAME;
import static it.certmail.pec.receipts.infra.PecTestProvider.RECIPIENT;
import static it.certmail.pec.receipts.infra.PecTestProvider.TIME;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.MimeMessage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import it.certmail.pec.crypto.OpenSsl;
import it.certmail.pec.crypto.SignatureProfile;
import it.certmail.pec.index.domain.PeerSignatureProfiles;
import it.certmail.pec.receipts.domain.DaticertDtd;
import it.certmail.pec.receipts.domain.PecMessageIds;

/**
 * The composer signs each message with the profile its recipients' providers ask for, the global one by default:
 * the choice for the peer {@code pec.altro.test} applies to the envelope relayed to it and to the notices sent to
 * its service mailbox, not to what goes to our own users. Both profiles' output passes the DTD, our classifier and
 * {@code openssl smime -verify}.
 */
class PeerSignatureProfileComposerTest {

    private static final String PEER_DOMAIN = "pec.altro.test";
    private static final String PEER_MAILBOX = "posta-certificata@" + PEER_DOMAIN;

    @TempDir
    Path tmp;

    /** The composer as PecComposers wires it, with a fixed table of choices instead of the database. */
    private static PecMessageComposer composer(Map<String, SignatureProfile> chosen, SignatureProfile global) {
        return new PecMessageComposer(PecTestProvider.signer(global),
                recipients -> PecTestProvider.signer(PeerSignatureProfiles.forDomains(
                        PeerSignatureProfiles.domainsOf(recipients), chosen, global)),
                NAME, PecTestProvider.DOMAIN, new PecMessageIds("test", PecTestProvider.DOMAIN, new Random(42)));
    }

    @Test
    void aPeerThatAsksForLegacyShouldGetLegacyWhileOurUsersGetTheGlobalProfile() throws Exception {
        PecMessageComposer c = composer(Map.of(PEER_DOMAIN, SignatureProfile.LEGACY_SHA1), SignatureProfile.SHA256);

        // relayed to the peer (and to a non-PEC address, global): the peer's choice wins
        assertSignedWith(c.transportEnvelope(PecTestProvider.original(), PecTestProvider.facts(), TIME),
                SignatureProfile.LEGACY_SHA1);
        // notices to the peer's service mailbox
        assertSignedWith(c.takeCharge(PecTestProvider.facts(), List.of(RECIPIENT), PEER_MAILBOX, TIME),
                SignatureProfile.LEGACY_SHA1);
        assertSignedWith(c.virusDetection(PecTestProvider.facts(), RECIPIENT, "Eicar-Test-Signature", PEER_MAILBOX,
                TIME), SignatureProfile.LEGACY_SHA1);
        // our own sender's receipts and our own service mailbox: the global profile
        assertSignedWith(c.acceptance(PecTestProvider.facts(), TIME), SignatureProfile.SHA256);
        assertSignedWith(c.takeCharge(PecTestProvider.facts(), List.of(RECIPIENT), MAIL_RECEIPT, TIME),
                SignatureProfile.SHA256);
    }

    @Test
    void aPeerThatAsksForSha256UnderALegacyGlobalShouldGetSha256() throws Exception {
        PecMessageComposer c = composer(Map.of(PEER_DOMAIN, SignatureProfile.SHA256), SignatureProfile.LEGACY_SHA1);

        assertSignedWith(c.takeCharge(PecTestProvider.facts(), List.of(RECIPIENT), PEER_MAILBOX, TIME),
                SignatureProfile.SHA256);
        // the envelope also goes to example.org, which has no choice: the global legacy profile, that all verify
        assertSignedWith(c.transportEnvelope(PecTestProvider.original(), PecTestProvider.facts(), TIME),
                SignatureProfile.LEGACY_SHA1);
        assertSignedWith(c.acceptance(PecTestProvider.facts(), TIME), SignatureProfile.LEGACY_SHA1);
    }

    @Test
    void withoutChoicesEveryMessageShouldGetTheGlobalProfile() throws Exception {
        for (SignatureProfile global : SignatureProfile.values()) {
            PecMessageComposer c = composer(Map.of(), global);
            assertSignedWith(c.transportEnvelope(PecTestProvider.original(), PecTestProvider.facts(), TIME), global);
            assertSignedWith(c.takeCharge(PecTestProvider.facts(), List.of(RECIPIENT), PEER_MAILBOX, TIME), global);
        }
    }

    /** The multipart/signed parameters, the CMS digest, the daticert against the DTD, and OpenSSL's verdict. */
    private void assertSignedWith(MimeMessage message, SignatureProfile profile) throws Exception {
        byte[] raw = PecTestProvider.bytes(message);
        MimeMessage m = new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(raw));
        ContentType type = new ContentType(m.getContentType());
        assertThat(type.getParameter("micalg")).as(message.getSubject()).isEqualTo(profile.micalg());
        assertThat(type.getParameter("protocol")).isEqualTo(profile.signatureContentType());

        PecVerdict v = PecTestProvider.classifier().classify(raw);
        assertThat(v.problems()).isEmpty();
        assertThat(v.signature().valid()).isTrue();
        assertThat(v.signature().digestAlgorithm()).isEqualTo(profile.digestAlgorithm());

        List<byte[]> daticert = PecTestProvider.attachments(m, "daticert.xml");
        assertThat(daticert).hasSize(1);
        assertThat(DaticertDtd.validate(daticert.get(0))).isEmpty();

        OpenSsl.assumeAvailable();
        OpenSsl.Result r = OpenSsl.verifySmime(raw, PecTestProvider.writeCaPem(tmp), TIME);
        assertThat(r.ok()).as("openssl: %s", r.stderr()).isTrue();
        assertThat(r.stderr()).contains("Verification successful");
        if (message instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }

    @Test
    void domainsShouldBeReadFromBareAndNamedAddresses() throws MessagingException {
        assertThat(PeerSignatureProfiles.domainsOf(List.of("a@PEC.Altro.test", "Anna <b@x.example>", "nobody")))
                .containsExactly("pec.altro.test", "x.example");
    }
}
