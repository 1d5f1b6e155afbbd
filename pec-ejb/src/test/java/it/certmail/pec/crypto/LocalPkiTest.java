package it.certmail.pec.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;

import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Profile checks of the generated certificates (RFC 6109 §5.5 for the signing certificate). */
class LocalPkiTest {

    private static final Instant NOW = Instant.parse("2026-03-01T10:15:30Z");
    private static final String KEY_USAGE = "2.5.29.15";
    private static final String BASIC_CONSTRAINTS = "2.5.29.19";
    private static final String SAN = "2.5.29.17";
    private static final String AKI = "2.5.29.35";
    private static final String SKI = "2.5.29.14";
    private static final String EKU = "2.5.29.37";
    private static final String EMAIL_PROTECTION = "1.3.6.1.5.5.7.3.4";
    private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";

    private static LocalPki.Generated generated;

    @BeforeAll
    static void generate() {
        // one key generation for the whole class: RSA keygen dominates the run time
        generated = new LocalPki().generate("Certmail S.p.A.", "pec.certmail.example", NOW.plusMillis(700));
    }

    private static X509Certificate signing() {
        return generated.material().signing().certificate();
    }

    private static X509Certificate ca() {
        return generated.material().caCertificate();
    }

    @Test
    void signingCertificateShouldHaveCriticalKeyUsageWithDigitalSignature() {
        assertThat(signing().getCriticalExtensionOIDs()).containsExactly(KEY_USAGE);
        boolean[] ku = signing().getKeyUsage();
        assertThat(ku[0]).as("digitalSignature").isTrue();
        assertThat(ku[5]).as("keyCertSign").isFalse();
    }

    @Test
    void signingCertificateShouldNotHaveBasicConstraints() {
        assertThat(signing().getExtensionValue(BASIC_CONSTRAINTS)).isNull();
        assertThat(signing().getBasicConstraints()).isEqualTo(-1);
    }

    @Test
    void signingCertificateShouldCarryServiceAddressInSanOnly() {
        assertThat(Certificates.rfc822Names(signing())).containsExactly("posta-certificata@pec.certmail.example");
        assertThat(signing().getNonCriticalExtensionOIDs()).contains(SAN, AKI, SKI, EKU);
        assertThat(signing().getSubjectX500Principal().getName()).doesNotContain("@");
        assertThat(generated.material().signing().signerAddress()).isEqualTo("posta-certificata@pec.certmail.example");
    }

    @Test
    void signingCertificateShouldNameProviderInOrganisationAndCommonName() {
        assertThat(Certificates.subjectAttribute(signing(), "O")).containsExactly("Certmail S.p.A.");
        assertThat(Certificates.subjectAttribute(signing(), "CN")).containsExactly("Posta Certificata Certmail S.p.A.");
        assertThat(Certificates.subjectAttribute(signing(), "C")).containsExactly("IT");
    }

    @Test
    void signingCertificateShouldLinkToCaByKeyIdentifiers() throws Exception {
        byte[] aki = AuthorityKeyIdentifier.getInstance(
                ASN1OctetString.getInstance(signing().getExtensionValue(AKI)).getOctets()).getKeyIdentifier();
        AuthorityKeyIdentifier akiFull = AuthorityKeyIdentifier.getInstance(
                ASN1OctetString.getInstance(signing().getExtensionValue(AKI)).getOctets());
        byte[] caSki = SubjectKeyIdentifier.getInstance(
                ASN1OctetString.getInstance(ca().getExtensionValue(SKI)).getOctets()).getKeyIdentifier();

        assertThat(aki).isEqualTo(caSki);
        assertThat(akiFull.getAuthorityCertIssuer()).as("keyIdentifier only").isNull();
        assertThat(signing().getExtensionValue(SKI)).isNotNull();
        assertThat(signing().getIssuerX500Principal()).isEqualTo(ca().getSubjectX500Principal());
        signing().verify(ca().getPublicKey());
    }

    @Test
    void signingCertificateShouldAllowEmailProtectionForAboutThreeYears() throws Exception {
        assertThat(signing().getExtendedKeyUsage()).containsExactly(EMAIL_PROTECTION);
        assertThat(signing().getNotBefore().toInstant()).isEqualTo(NOW);
        Duration validity = Duration.between(signing().getNotBefore().toInstant(), signing().getNotAfter().toInstant());
        assertThat(validity.toDays()).isBetween(1090L, 1100L);
        assertThat(((RSAPublicKey) signing().getPublicKey()).getModulus().bitLength()).isEqualTo(2048);
        assertThat(signing().getSigAlgName()).isEqualToIgnoringCase("SHA256withRSA");
        assertThat(generated.material().signing().chain()).containsExactly(ca());
    }

    @Test
    void caShouldBeCriticalCaWithCertSignUsage() throws Exception {
        assertThat(ca().getCriticalExtensionOIDs()).containsExactlyInAnyOrder(KEY_USAGE, BASIC_CONSTRAINTS);
        assertThat(ca().getBasicConstraints()).isGreaterThanOrEqualTo(0);
        boolean[] ku = ca().getKeyUsage();
        assertThat(ku[5]).as("keyCertSign").isTrue();
        assertThat(ku[6]).as("cRLSign").isTrue();
        assertThat(ca().getExtensionValue(SKI)).isNotNull();
        assertThat(ca().getSubjectX500Principal()).isEqualTo(ca().getIssuerX500Principal());
        assertThat(((RSAPublicKey) ca().getPublicKey()).getModulus().bitLength()).isEqualTo(3072);
        ca().verify(ca().getPublicKey());
    }

    @Test
    void tlsCertificateShouldNameDomainLocalhostAndLoopback() throws Exception {
        X509Certificate tls = generated.material().tls().certificate();

        assertThat(Certificates.dnsNames(tls)).containsExactly("pec.certmail.example", "localhost");
        assertThat(Certificates.ipAddresses(tls)).containsExactly("127.0.0.1");
        assertThat(tls.getExtendedKeyUsage()).contains(SERVER_AUTH);
        assertThat(tls.getBasicConstraints()).isEqualTo(-1);
        assertThat(tls.getKeyUsage()[0]).isTrue();
        tls.verify(ca().getPublicKey());
    }

    @Test
    void generatedSerialNumbersShouldDiffer() {
        assertThat(signing().getSerialNumber()).isNotEqualTo(ca().getSerialNumber())
                .isNotEqualTo(generated.material().tls().certificate().getSerialNumber());
        assertThat(signing().getSerialNumber().signum()).isPositive();
    }

    @Test
    void generateShouldRejectBlankProviderName() {
        assertThatThrownBy(() -> new LocalPki().issueSigning(generated.ca(), " ", "pec.example", NOW))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
