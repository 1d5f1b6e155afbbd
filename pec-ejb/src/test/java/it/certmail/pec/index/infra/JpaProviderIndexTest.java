package it.certmail.pec.index.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.Persistence;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import it.certmail.pec.index.domain.ProviderFixtures;
import it.certmail.pec.index.domain.ProviderIndex;
import it.certmail.pec.index.domain.ProviderIndexContract;
import it.certmail.pec.index.domain.ProviderRecord;

/**
 * {@link JpaProviderIndex} against EclipseLink on an in-memory H2 migrated by Flyway (resource-local unit
 * {@code pec-test}). Skips with a message unless EclipseLink and H2 are on the test classpath; they are
 * not dependencies of pec-ejb yet ({@code org.eclipse.persistence:org.eclipse.persistence.jpa:4.0.7} and
 * {@code com.h2database:h2}, both test scope, enable it).
 */
class JpaProviderIndexTest implements ProviderIndexContract {

    private static final Instant T0 = Instant.parse("2026-11-23T08:00:00Z");

    private final List<EntityManagerFactory> factories = new ArrayList<>();

    @BeforeEach
    void requireJpaProviderAndH2() {
        Assumptions.assumeTrue(onClasspath("org.eclipse.persistence.jpa.PersistenceProvider")
                && onClasspath("org.h2.Driver"), "EclipseLink or H2 not on the test classpath: JPA index test skipped");
    }

    @AfterEach
    void closeFactories() {
        factories.forEach(EntityManagerFactory::close);
    }

    private static boolean onClasspath(String className) {
        try {
            Class.forName(className, false, JpaProviderIndexTest.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    private EntityManager freshEntityManager() {
        String url = "jdbc:h2:mem:index-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        Flyway.configure().dataSource(url, "sa", "").load().migrate();
        EntityManagerFactory emf = Persistence.createEntityManagerFactory("pec-test", Map.of(
                "jakarta.persistence.jdbc.driver", "org.h2.Driver",
                "jakarta.persistence.jdbc.url", url,
                "jakarta.persistence.jdbc.user", "sa",
                "jakarta.persistence.jdbc.password", ""));
        factories.add(emf);
        return emf.createEntityManager();
    }

    /** Runs {@code work} in its own transaction and clears the context, so reads go to the database. */
    private static <T> T inTransaction(EntityManager em, java.util.function.Supplier<T> work) {
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

    @Override
    public ProviderIndex indexWith(List<ProviderRecord> records) {
        EntityManager em = freshEntityManager();
        JpaProviderIndex index = new JpaProviderIndex(em);
        inTransaction(em, () -> index.importRecords(records, T0));
        return index;
    }

    @Test
    void importShouldMoveDomainsAndCertificatesToTheNewerRecord() {
        EntityManager em = freshEntityManager();
        JpaProviderIndex index = new JpaProviderIndex(em);
        assertThat(inTransaction(em, () -> index.importRecords(ProviderFixtures.all(), T0)))
                .isEqualTo(new ProviderImportResult(3, 0));

        ProviderRecord alfa = new ProviderRecord("GESTORE ALFA", null, "nuovo@pec.alfa.example",
                Set.of("pec.alfa.example"), List.of(ProviderFixtures.alfa2025Certificate()), null, null);
        ProviderRecord beta = new ProviderRecord("Gestore Beta", null, "ricevute@pec.beta.example",
                Set.of("pec.beta.example", "legal.alfa.example"), List.of(ProviderFixtures.beta2024Certificate()),
                null, null);
        ProviderRecord ambiente2 = new ProviderRecord("Gestore Beta", "Ambiente2", "ricevute@pec2.beta.example",
                Set.of("pec2.beta.example"),
                List.of(ProviderFixtures.aruba2017Certificate(), ProviderFixtures.betaAmbiente2Certificate()), null, null);
        // Beta and Ambiente2 come first: they take what Alfa still holds in the database
        assertThat(inTransaction(em, () -> index.importRecords(List.of(beta, ambiente2, alfa), T0.plusSeconds(86_400))))
                .isEqualTo(new ProviderImportResult(0, 3));

        assertThat(index.findByDomain("legal.alfa.example")).contains(beta);
        assertThat(index.findByCertificateHash(ProviderFixtures.ARUBA_2017_SHA1)).contains(ambiente2);
        assertThat(index.findByDomain("cert.beta2.example")).isEmpty();
        // matched case-insensitively: the stored name is kept, the other attributes are replaced
        assertThat(index.findByDomain("pec.alfa.example")).hasValueSatisfying(r -> {
            assertThat(r.name()).isEqualTo("Gestore Alfa");
            assertThat(r.mailReceipt()).isEqualTo("nuovo@pec.alfa.example");
            assertThat(r.ldifLocationUrl()).isNull();
        });
    }

    @Test
    void importShouldKeepTheNewCertificateOrderAfterARollover() {
        EntityManager em = freshEntityManager();
        JpaProviderIndex index = new JpaProviderIndex(em);
        inTransaction(em, () -> index.importRecords(List.of(ProviderFixtures.alfa()), T0));
        ProviderRecord swapped = new ProviderRecord("Gestore Alfa", null, "posta-certificata@pec.alfa.example",
                Set.of("pec.alfa.example", "legal.alfa.example"),
                List.of(ProviderFixtures.alfa2025Certificate(), ProviderFixtures.aruba2017Certificate()),
                "https://ldif.alfa.example/gestore-alfa.ldif.p7m", "Gestore Alfa S.p.A., ambiente principale");

        inTransaction(em, () -> index.importRecords(List.of(swapped), T0.plusSeconds(60)));

        assertThat(index.all()).containsExactly(swapped);
    }

    @Test
    void importShouldRejectTwoRecordsClaimingTheSameDomain() {
        EntityManager em = freshEntityManager();
        JpaProviderIndex index = new JpaProviderIndex(em);
        ProviderRecord intruder = new ProviderRecord("Gestore Gamma", null, "ricevute@pec.gamma.example",
                Set.of("pec.alfa.example"), List.of(ProviderFixtures.beta2024Certificate()), null, null);

        assertThatThrownBy(() -> inTransaction(em, () -> index.importRecords(List.of(ProviderFixtures.alfa(), intruder), T0)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(index.all()).isEmpty();
    }

    @Test
    void removeProvidersNotInShouldDropProvidersThatLeftTheDirectory() {
        EntityManager em = freshEntityManager();
        JpaProviderIndex index = new JpaProviderIndex(em);
        inTransaction(em, () -> index.importRecords(ProviderFixtures.all(), T0));

        assertThat(inTransaction(em, () -> index.removeProvidersNotIn(List.of(ProviderFixtures.beta())))).isEqualTo(2);

        assertThat(index.all()).containsExactly(ProviderFixtures.beta());
        assertThat(index.findByCertificateHash(ProviderFixtures.ARUBA_2017_SHA1)).isEmpty();
        assertThat(index.isCertifiedDomain("pec2.beta.example")).isFalse();
    }
}
