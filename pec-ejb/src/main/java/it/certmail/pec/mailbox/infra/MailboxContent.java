package it.certmail.pec.mailbox.infra;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import jakarta.persistence.EntityManager;

import it.certmail.pec.mailbox.billing.domain.StorageUse;
import it.certmail.pec.mailbox.model.AddressReservation;
import it.certmail.pec.mailbox.model.Mailbox;
import it.certmail.pec.mailbox.model.SpecialUse;

/**
 * Contenuto della casella per il ciclo di vita: how much the mailbox and its archive hold, deleting the archive,
 * purging a mailbox with all its content. Runs in the caller's transaction; each stored message gives back its
 * blob reference, and blobs nobody holds any more are deleted with their chunks.
 */
public class MailboxContent {

    /** A ceased address stays its holder's for 5 years. */
    public static final Duration RESERVATION = Duration.ofDays(5 * 365 + 1);

    private static final String ARCHIVE = SpecialUse.ARCHIVE.attribute();

    private final EntityManager em;

    public MailboxContent(EntityManager em) {
        this.em = Objects.requireNonNull(em, "em");
    }

    /** Bytes in the mailbox's folders other than the archive, and in the archive (the folders' kept counts). */
    public StorageUse usage(Mailbox mailbox) {
        Object[] row = (Object[]) em.createNativeQuery("SELECT COALESCE(SUM(CASE WHEN special_use = ?2"
                        + " THEN total_bytes ELSE 0 END), 0), COALESCE(SUM(total_bytes), 0) FROM mail_folder"
                        + " WHERE mailbox_id = ?1")
                .setParameter(1, mailbox.getId()).setParameter(2, ARCHIVE).getSingleResult();
        long archive = ((Number) row[0]).longValue();
        long total = ((Number) row[1]).longValue();
        return new StorageUse(total - archive, archive);
    }

    /** Deletes every message in the archive; returns the bytes freed. */
    public long deleteArchive(Mailbox mailbox) {
        return delete(mailbox.getId(), true);
    }

    /** Deletes every message in the archive of the mailbox with this id; returns the bytes freed. */
    public long deleteArchive(long mailboxId) {
        return delete(mailboxId, true);
    }

    /**
     * Deletes the mailbox with all its content (folders, messages, subscription, steps) and reserves its address
     * for the holder until {@code now + RESERVATION}. The persistence context is cleared: nothing loaded before
     * may be used after.
     */
    public void purge(Mailbox mailbox, Instant now) {
        delete(mailbox.getId(), false);
        AddressReservation old = em.find(AddressReservation.class, mailbox.getAddress());
        if (old != null) {
            em.remove(old);
            em.flush();
        }
        em.persist(new AddressReservation(mailbox.getAddress(), mailbox.getHolderName(), mailbox.getReferenceEmail(), now,
                now.plus(RESERVATION)));
        em.flush();
        long id = mailbox.getId();
        em.clear();
        // folders, subscription, add-ons and steps go with it (ON DELETE CASCADE)
        em.createNativeQuery("DELETE FROM mailbox WHERE id = ?1").setParameter(1, id).executeUpdate();
    }

    private long delete(long mailboxId, boolean archiveOnly) {
        em.flush();
        // the folders' counts first: the UPDATE takes their row locks, so no deposit places a message between the
        // DELETE and these zeros (a deposit locks the folder row before it inserts)
        var zero = em.createNativeQuery("UPDATE mail_folder SET message_count = 0, unseen_count = 0, total_bytes = 0"
                + " WHERE mailbox_id = ?1" + (archiveOnly ? " AND special_use = ?2" : "")).setParameter(1, mailboxId);
        if (archiveOnly) {
            zero.setParameter(2, ARCHIVE);
        }
        zero.executeUpdate();
        String folders = "SELECT id FROM mail_folder WHERE mailbox_id = ?1" + (archiveOnly ? " AND special_use = ?2" : "");
        var select = em.createNativeQuery("SELECT blob_id, size_bytes FROM stored_message WHERE folder_id IN ("
                + folders + ")").setParameter(1, mailboxId);
        if (archiveOnly) {
            select.setParameter(2, ARCHIVE);
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rows = select.getResultList();
        Map<Long, Integer> refs = new LinkedHashMap<>();
        long bytes = 0;
        for (Object[] r : rows) {
            refs.merge(((Number) r[0]).longValue(), 1, Integer::sum);
            bytes += ((Number) r[1]).longValue();
        }
        var remove = em.createNativeQuery("DELETE FROM stored_message WHERE folder_id IN (" + folders + ")")
                .setParameter(1, mailboxId);
        if (archiveOnly) {
            remove.setParameter(2, ARCHIVE);
        }
        remove.executeUpdate();
        for (Map.Entry<Long, Integer> e : refs.entrySet()) {
            em.createNativeQuery("UPDATE message_blob SET ref_count = ref_count - ?1 WHERE id = ?2")
                    .setParameter(1, e.getValue()).setParameter(2, e.getKey()).executeUpdate();
            // a blob still being written has ref_count 0 too, but no stored message points at it
            em.createNativeQuery("DELETE FROM message_blob WHERE id = ?1 AND ref_count <= 0")
                    .setParameter(1, e.getKey()).executeUpdate();
        }
        if (bytes > 0) {
            // native: a JPQL bulk update would bump the version of a mailbox this transaction is also changing
            em.createNativeQuery("UPDATE mailbox SET used_bytes = used_bytes - ?1 WHERE id = ?2")
                    .setParameter(1, bytes).setParameter(2, mailboxId).executeUpdate();
        }
        return bytes;
    }
}
