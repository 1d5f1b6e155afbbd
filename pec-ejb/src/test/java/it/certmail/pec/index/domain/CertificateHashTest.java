package it.certmail.pec.index.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CertificateHashTest {

    @Test
    void sha1HexShouldMatchTheArubaVector() {
        assertThat(CertificateHash.sha1Hex(ProviderFixtures.aruba2017Certificate().der()))
                .isEqualTo("B9444BA4D52880FBBE4C3C0C55BF81E323ADDF8B");
    }

    @Test
    void normalizeShouldUppercaseAndDropColons() {
        assertThat(CertificateHash.normalize(" b9:44:4b:a4:d5:28:80:fb:be:4c:3c:0c:55:bf:81:e3:23:ad:df:8b "))
                .contains("B9444BA4D52880FBBE4C3C0C55BF81E323ADDF8B");
    }

    @Test
    void normalizeShouldRejectWrongLengthOrNonHex() {
        assertThat(CertificateHash.normalize("B9444BA4D52880FBBE4C3C0C55BF81E323ADDF8")).isEmpty();
        assertThat(CertificateHash.normalize("Z9444BA4D52880FBBE4C3C0C55BF81E323ADDF8B")).isEmpty();
        assertThat(CertificateHash.normalize(null)).isEmpty();
    }
}
