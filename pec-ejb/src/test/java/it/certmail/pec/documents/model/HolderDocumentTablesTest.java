package it.certmail.pec.documents.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.Persistence;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/** The holder's document tables (V60, V86) as the entities map them, on H2 migrated by Flyway. */
class HolderDocumentTablesTest {

    private static final Instant T0 = Instant.parse("2026-11-23T08:00:00Z");

    @Test
    void contractsExtractsAndDownloadsAreKeptPerMailboxAndReadBackByteForByte() {
        String url = "jdbc:h2:mem:documents-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        Flyway.configure().dataSource(url, "sa", "").load().migrate();
        EntityManagerFactory emf = Persistence.createEntityManagerFactory("pec-test", Map.of(
                "jakarta.persistence.jdbc.driver", "org.h2.Driver", "jakarta.persistence.jdbc.url", url,
                "jakarta.persistence.jdbc.user", "sa", "jakarta.persistence.jdbc.password", ""));
        try {
            EntityManager em = emf.createEntityManager();
            byte[] pdf = new byte[300_000];
            new java.util.Random(1).nextBytes(pdf);
            em.getTransaction().begin();
            em.persist(new HolderContract("a@pec.example", "it", "2026-01", T0, pdf, "ab".repeat(32)));
            em.persist(new HolderContract("a@pec.example", "en", "2026-01", T0, new byte[] {9}, "ef".repeat(32)));
            HolderLogExtract extract = new HolderLogExtract("a@pec.example", T0, T0.minusSeconds(86400), T0);
            em.persist(extract);
            em.flush();
            extract.complete(3, pdf, new byte[] {1, 2, 3});
            em.persist(new HolderLogExtract("b@pec.example", T0, T0.minusSeconds(86400), T0));
            em.persist(new HolderDocumentDownload("a@pec.example", HolderDocumentDownload.Document.CONTRACT, "x", T0));
            em.getTransaction().commit();
            em.clear();

            HolderContract kept = em.createNamedQuery(HolderContract.BY_MAILBOX, HolderContract.class)
                    .setParameter("address", "a@pec.example").setParameter("language", "it").getSingleResult();
            assertThat(kept.getPdf()).isEqualTo(pdf);
            assertThat(em.createNamedQuery(HolderContract.BY_MAILBOX, HolderContract.class)
                    .setParameter("address", "a@pec.example").setParameter("language", "en").getSingleResult().getPdf())
                    .containsExactly(9);
            assertThat(kept.getCreatedAt()).isEqualTo(T0);
            List<Object[]> rows = em.createNamedQuery(HolderLogExtract.BY_MAILBOX, Object[].class)
                    .setParameter("address", "a@pec.example").getResultList();
            assertThat(rows).hasSize(1);
            assertThat(((Number) rows.get(0)[4]).intValue()).isEqualTo(3);
            HolderLogExtract read = em.find(HolderLogExtract.class, ((Number) rows.get(0)[0]).longValue());
            assertThat(read.getPdf()).isEqualTo(pdf);
            assertThat(read.getSignature()).containsExactly(1, 2, 3);
            assertThat(em.createNamedQuery(HolderDocumentDownload.BY_MAILBOX, HolderDocumentDownload.class)
                    .setParameter("address", "a@pec.example").getResultList()).singleElement()
                    .extracting(HolderDocumentDownload::getDocument).isEqualTo(HolderDocumentDownload.Document.CONTRACT);

            em.getTransaction().begin();
            em.persist(new HolderContract("a@pec.example", "it", "2026-02", T0, pdf, "cd".repeat(32)));
            org.assertj.core.api.Assertions.assertThatThrownBy(em::flush)
                    .as("one contract per mailbox and language").isInstanceOf(jakarta.persistence.PersistenceException.class);
            em.getTransaction().rollback();
        } finally {
            emf.close();
        }
    }
}
