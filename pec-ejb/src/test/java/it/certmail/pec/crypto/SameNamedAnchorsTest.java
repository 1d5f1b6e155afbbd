package it.certmail.pec.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * AgID CA1 exists as two certificates with the same name and different keys: the chain must be built by key
 * identifiers (the signer's authorityKeyIdentifier, the anchor's key), never by the name alone.
 */
class SameNamedAnchorsTest {

    private static final Instant ISSUED = Instant.now().minus(1, ChronoUnit.HOURS);
    private static final byte[] CONTENT = "sigillo del registro\n".getBytes(StandardCharsets.US_ASCII);

    @Test
    void theAnchorWithTheSignersKeyShouldBeFoundWhateverTheOrderAndTheCertificatesCarried() throws Exception {
        LocalPki pki = new LocalPki();
        LocalPki.CertificateAuthority first = pki.createCa("Twin", ISSUED);
        LocalPki.CertificateAuthority second = pki.createCa("Twin", ISSUED);
        assertThat(first.certificate().getSubjectX500Principal())
                .isEqualTo(second.certificate().getSubjectX500Principal());
        SigningCredentials issuedBySecond = pki.issueSigning(second, "Twin", "pec.twin.example", ISSUED);
        // the signature carries the other, same-named CA certificate: a name-only match would pick it
        SigningCredentials carryingTheWrongTwin = new SigningCredentials(issuedBySecond.privateKey(),
                issuedBySecond.certificate(), List.of(first.certificate()));
        byte[] cms = new SmimeSigner(carryingTheWrongTwin).signDetached(CONTENT, Instant.now());

        SignatureCheck both = new SmimeVerifier(List.of(first.certificate(), second.certificate()))
                .verifyDetached(CONTENT, cms);
        SignatureCheck bothReversed = new SmimeVerifier(List.of(second.certificate(), first.certificate()))
                .verifyDetached(CONTENT, cms);
        SignatureCheck onlyTheWrongTwin = new SmimeVerifier(List.of(first.certificate()))
                .verifyDetached(CONTENT, cms);

        assertThat(both.chainTrusted()).as("%s", both.problems()).isTrue();
        assertThat(bothReversed.chainTrusted()).as("%s", bothReversed.problems()).isTrue();
        assertThat(onlyTheWrongTwin.chainTrusted()).isFalse();
        assertThat(onlyTheWrongTwin.problems()).anySatisfy(p -> assertThat(p).startsWith("certificate chain not trusted"));
    }
}
