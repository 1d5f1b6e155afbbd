package it.certmail.pec.index.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

class ProviderRecordTest {

    private static final List<SigningCertificate> CERTS = List.of(ProviderFixtures.beta2024Certificate());

    @Test
    void ofShouldLowerCaseAndSortDomains() {
        ProviderRecord r = ProviderRecord.of(" Gestore Beta ", " ", "Ricevute@PEC.Beta.Example",
                List.of("PEC.Beta.Example", "Altro.BETA.example"), CERTS, "", "  ");

        assertThat(r.managedDomains()).containsExactly("altro.beta.example", "pec.beta.example");
        assertThat(r.name()).isEqualTo("Gestore Beta");
        assertThat(r.providerUnit()).isNull();
        assertThat(r.ldifLocationUrl()).isNull();
        assertThat(r.description()).isNull();
        assertThat(r.managesDomain("ALTRO.beta.EXAMPLE")).isTrue();
    }

    @Test
    void recordsShouldBeEqualWhenCertificateBytesAreEqual() {
        assertThat(ProviderFixtures.alfa()).isEqualTo(ProviderFixtures.alfa())
                .hasSameHashCodeAs(ProviderFixtures.alfa());
        assertThat(ProviderFixtures.alfa()).isNotEqualTo(ProviderFixtures.beta());
    }

    @Test
    void certificateHashesShouldFollowCertificateOrderDuringRollover() {
        ProviderRecord alfa = ProviderFixtures.alfa();

        assertThat(alfa.certificateHashes())
                .containsExactly(ProviderFixtures.ARUBA_2017_SHA1, ProviderFixtures.ALFA_2025_SHA1);
        assertThat(alfa.hasCertificateHash(ProviderFixtures.ALFA_2025_SHA1.toLowerCase())).isTrue();
        assertThat(alfa.hasCertificateHash(ProviderFixtures.BETA_2024_SHA1)).isFalse();
    }

    @Test
    void constructorShouldRejectMissingMustAttributes() {
        assertThatThrownBy(() -> new ProviderRecord(" ", null, "a@b.example", Set.of("b.example"), CERTS, null, null))
                .hasMessageContaining("providerName");
        assertThatThrownBy(() -> new ProviderRecord("X", null, null, Set.of("b.example"), CERTS, null, null))
                .hasMessageContaining("mailReceipt");
        assertThatThrownBy(() -> new ProviderRecord("X", null, "a@b.example", Set.of(), CERTS, null, null))
                .hasMessageContaining("managedDomains");
        assertThatThrownBy(() -> new ProviderRecord("X", null, "a@b.example", Set.of("b.example"), List.of(), null, null))
                .hasMessageContaining("providerCertificate");
    }

    @Test
    void constructorShouldRejectAngleBracketsInMailReceipt() {
        assertThatThrownBy(() -> new ProviderRecord("X", null, "<a@b.example>", Set.of("b.example"), CERTS, null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("mailReceipt");
    }

    @Test
    void constructorShouldRejectMalformedDomain() {
        assertThatThrownBy(() -> new ProviderRecord("X", null, "a@b.example", Set.of("-bad..example"), CERTS, null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-bad..example");
    }

    @Test
    void constructorShouldRejectLdifLocationOnSecondaryEnvironment() {
        assertThatThrownBy(() -> new ProviderRecord("X", "Env2", "a@b.example", Set.of("b.example"), CERTS,
                "https://x.example/x.ldif.p7m", null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("secondary environment");
    }

    @Test
    void constructorShouldRejectPlainHttpLdifLocation() {
        assertThatThrownBy(() -> new ProviderRecord("X", null, "a@b.example", Set.of("b.example"), CERTS,
                "http://x.example/x.ldif.p7m", null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("https");
    }

    @Test
    void constructorShouldRejectTheSameCertificateTwice() {
        assertThatThrownBy(() -> new ProviderRecord("X", null, "a@b.example", Set.of("b.example"),
                List.of(ProviderFixtures.beta2024Certificate(), ProviderFixtures.beta2024Certificate()), null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(ProviderFixtures.BETA_2024_SHA1);
    }

    @Test
    void signingCertificateShouldRejectBytesThatAreNotACertificate() {
        assertThatThrownBy(() -> SigningCertificate.of(new byte[] {0x30, 0x03, 0x02, 0x01, 0x01}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("X.509");
    }

    @Test
    void signingCertificateShouldRejectAHashThatDoesNotMatch() {
        byte[] der = ProviderFixtures.beta2024Certificate().der();

        assertThatThrownBy(() -> new SigningCertificate(der, ProviderFixtures.ARUBA_2017_SHA1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void signingCertificateShouldNotExposeItsBytes() {
        SigningCertificate cert = ProviderFixtures.beta2024Certificate();
        byte[] der = cert.der();
        der[0] = 0;

        assertThat(cert.der()[0]).isEqualTo((byte) 0x30);
    }
}
