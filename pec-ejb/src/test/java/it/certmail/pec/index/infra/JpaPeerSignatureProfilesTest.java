package it.certmail.pec.index.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.Persistence;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import it.certmail.pec.crypto.SignatureProfile;
import it.certmail.pec.index.domain.PeerIdentity;
import it.certmail.pec.index.domain.ProviderFixtures;
import it.certmail.pec.index.domain.ProviderRecord;

/**
 * The profile chosen per peer in H2 through JPA (the migration V89 and the mapping): found by the peer's domains,
 * kept across reloads of the index, even when the provider's rows are deleted and imported again.
 */
class JpaPeerSignatureProfilesTest {

    private static final Instant T0 = Instant.parse("2026-11-23T08:00:00Z");
    private static final PeerIdentity BETA = new PeerIdentity("Gestore Beta", null);
    private static final PeerIdentity BETA_2 = new PeerIdentity("Gestore Beta", "Ambiente2");

    private EntityManagerFactory emf;
    private EntityManager em;

    @BeforeEach
    void open() {
        String url = "jdbc:h2:mem:peers-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        Flyway.configure().dataSource(url, "sa", "").load().migrate();
        emf = Persistence.createEntityManagerFactory("pec-test", Map.of(
                "jakarta.persistence.jdbc.driver", "org.h2.Driver",
                "jakarta.persistence.jdbc.url", url,
                "jakarta.persistence.jdbc.user", "sa",
                "jakarta.persistence.jdbc.password", ""));
        em = emf.createEntityManager();
        inTransaction(() -> new JpaProviderIndex(em).importRecords(ProviderFixtures.all(), T0));
    }

    @AfterEach
    void close() {
        em.close();
        emf.close();
    }

    @Test
    void aChoiceShouldBeFoundByThePeersDomainsPerEnvironment() {
        inTransaction(() -> {
            profiles().choose(BETA, SignatureProfile.LEGACY_SHA1, T0);
            profiles().choose(BETA_2, SignatureProfile.SHA256, T0);
            return null;
        });
        assertThat(profiles().forDomains(Set.of("pec.beta.example", "pec2.beta.example", "pec.alfa.example")))
                .containsOnly(Map.entry("pec.beta.example", SignatureProfile.LEGACY_SHA1),
                        Map.entry("pec2.beta.example", SignatureProfile.SHA256));
        assertThat(profiles().all()).containsOnly(Map.entry(BETA, SignatureProfile.LEGACY_SHA1),
                Map.entry(BETA_2, SignatureProfile.SHA256));
        assertThat(profiles().chosen(new PeerIdentity("GESTORE BETA", ""))).contains(SignatureProfile.LEGACY_SHA1);
        assertThat(profiles().forDomains(Set.of())).isEmpty();
    }

    @Test
    void aChoiceShouldSurviveReloadsOfTheIndex() {
        inTransaction(() -> {
            profiles().choose(BETA, SignatureProfile.LEGACY_SHA1, T0);
            return null;
        });
        // a new LDIF: Beta gains a domain, then leaves the index and comes back
        ProviderRecord beta = ProviderFixtures.beta();
        ProviderRecord reloaded = new ProviderRecord(beta.name(), null, beta.mailReceipt(),
                Set.of("pec.beta.example", "nuovo.beta.example"), beta.certificates(), beta.ldifLocationUrl(), null);
        inTransaction(() -> new JpaProviderIndex(em).importRecords(List.of(reloaded), T0.plusSeconds(60)));
        assertThat(profiles().forDomains(Set.of("nuovo.beta.example")))
                .containsOnly(Map.entry("nuovo.beta.example", SignatureProfile.LEGACY_SHA1));
        inTransaction(() -> new JpaProviderIndex(em).removeProvidersNotIn(List.of(ProviderFixtures.alfa())));
        assertThat(profiles().forDomains(Set.of("nuovo.beta.example"))).isEmpty();
        inTransaction(() -> new JpaProviderIndex(em).importRecords(List.of(reloaded), T0.plusSeconds(120)));
        assertThat(profiles().forDomains(Set.of("pec.beta.example")))
                .containsOnly(Map.entry("pec.beta.example", SignatureProfile.LEGACY_SHA1));
    }

    @Test
    void choosingNoProfileShouldGoBackToTheGlobalOne() {
        inTransaction(() -> {
            profiles().choose(BETA, SignatureProfile.LEGACY_SHA1, T0);
            profiles().choose(BETA, SignatureProfile.SHA256, T0.plusSeconds(1));
            return null;
        });
        assertThat(profiles().chosen(BETA)).contains(SignatureProfile.SHA256);
        inTransaction(() -> {
            profiles().choose(BETA, null, T0.plusSeconds(2));
            return null;
        });
        assertThat(profiles().chosen(BETA)).isEmpty();
        assertThat(profiles().forDomains(Set.of("pec.beta.example"))).isEmpty();
    }

    private JpaPeerSignatureProfiles profiles() {
        return new JpaPeerSignatureProfiles(em);
    }

    private <T> T inTransaction(Supplier<T> work) {
        em.getTransaction().begin();
        try {
            T result = work.get();
            em.getTransaction().commit();
            return result;
        } finally {
            if (em.getTransaction().isActive()) {
                em.getTransaction().rollback();
            }
            em.clear();
        }
    }
}
