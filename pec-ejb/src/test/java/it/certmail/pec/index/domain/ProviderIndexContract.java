package it.certmail.pec.index.domain;

import static it.certmail.pec.index.domain.ProviderFixtures.ALFA_2025_SHA1;
import static it.certmail.pec.index.domain.ProviderFixtures.ARUBA_2017_SHA1;
import static it.certmail.pec.index.domain.ProviderFixtures.BETA_AMBIENTE2_SHA1;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * Contract of every {@link ProviderIndex}: implemented by the in-memory and the JPA index tests
 * (house style §6.6 #7).
 */
public interface ProviderIndexContract {

    /** A fresh index holding exactly {@code records}. */
    ProviderIndex indexWith(List<ProviderRecord> records);

    private ProviderIndex fixtureIndex() {
        return indexWith(ProviderFixtures.all());
    }

    @Test
    default void findByCertificateHashShouldReturnTheWholeRecord() {
        assertThat(fixtureIndex().findByCertificateHash(ARUBA_2017_SHA1)).contains(ProviderFixtures.alfa());
    }

    @Test
    default void findByCertificateHashShouldIgnoreCaseAndColons() {
        ProviderIndex index = fixtureIndex();

        assertThat(index.findByCertificateHash(ARUBA_2017_SHA1.toLowerCase()))
                .map(ProviderRecord::name).contains("Gestore Alfa");
        assertThat(index.findByCertificateHash("b9:44:4b:a4:d5:28:80:fb:be:4c:3c:0c:55:bf:81:e3:23:ad:df:8b"))
                .map(ProviderRecord::name).contains("Gestore Alfa");
    }

    @Test
    default void findByCertificateHashShouldFindEitherCertificateDuringRollover() {
        ProviderIndex index = fixtureIndex();

        assertThat(index.findByCertificateHash(ARUBA_2017_SHA1)).isEqualTo(index.findByCertificateHash(ALFA_2025_SHA1));
        assertThat(index.findByCertificateHash(ALFA_2025_SHA1).orElseThrow().certificateHashes())
                .containsExactly(ARUBA_2017_SHA1, ALFA_2025_SHA1);
    }

    @Test
    default void findByCertificateHashShouldTellSecondaryEnvironmentApart() {
        ProviderRecord found = fixtureIndex().findByCertificateHash(BETA_AMBIENTE2_SHA1).orElseThrow();

        assertThat(found.name()).isEqualTo("Gestore Beta");
        assertThat(found.providerUnit()).isEqualTo("Ambiente2");
        assertThat(found.mailReceipt()).isEqualTo("ricevute@pec2.beta.example");
    }

    @Test
    default void findByCertificateHashShouldBeEmptyWhenUnknownOrMalformed() {
        ProviderIndex index = fixtureIndex();

        assertThat(index.findByCertificateHash("0000000000000000000000000000000000000000")).isEmpty();
        assertThat(index.findByCertificateHash("not a hash")).isEmpty();
        assertThat(index.findByCertificateHash(null)).isEmpty();
    }

    @Test
    default void findByDomainShouldIgnoreCase() {
        ProviderIndex index = fixtureIndex();

        assertThat(index.findByDomain("PEC.Alfa.Example")).map(ProviderRecord::name).contains("Gestore Alfa");
        assertThat(index.findByDomain("legal.alfa.example")).map(ProviderRecord::name).contains("Gestore Alfa");
        assertThat(index.findByDomain("Cert.BETA2.example")).map(ProviderRecord::providerUnit).contains("Ambiente2");
    }

    @Test
    default void findByDomainShouldBeEmptyForExternalDomainsAndSubdomains() {
        ProviderIndex index = fixtureIndex();

        assertThat(index.findByDomain("gmail.example")).isEmpty();
        assertThat(index.findByDomain("mail.pec.alfa.example")).isEmpty();
        assertThat(index.findByDomain(null)).isEmpty();
    }

    @Test
    default void isCertifiedDomainShouldSeparateCertificatoFromEsterno() {
        ProviderIndex index = fixtureIndex();

        assertThat(index.isCertifiedDomain("PEC.BETA.EXAMPLE")).isTrue();
        assertThat(index.isCertifiedDomain("pec2.beta.example")).isTrue();
        assertThat(index.isCertifiedDomain("beta.example")).isFalse();
    }

    @Test
    default void allShouldListMainRecordBeforeSecondaryEnvironment() {
        assertThat(fixtureIndex().all()).containsExactly(
                ProviderFixtures.alfa(), ProviderFixtures.beta(), ProviderFixtures.betaAmbiente2());
    }

    @Test
    default void allShouldKeepCertificateBytes() {
        ProviderRecord alfa = fixtureIndex().findByDomain("pec.alfa.example").orElseThrow();

        assertThat(alfa.certificates().get(0).der()).isEqualTo(ProviderFixtures.aruba2017Certificate().der());
        assertThat(alfa.ldifLocationUrl()).isEqualTo("https://ldif.alfa.example/gestore-alfa.ldif.p7m");
        assertThat(alfa.description()).isEqualTo("Gestore Alfa S.p.A., ambiente principale");
    }

    @Test
    default void emptyIndexShouldAnswerNothing() {
        ProviderIndex index = indexWith(List.of());

        assertThat(index.all()).isEmpty();
        assertThat(index.findByDomain("pec.alfa.example")).isEmpty();
        assertThat(index.findByCertificateHash(ARUBA_2017_SHA1)).isEmpty();
    }
}
