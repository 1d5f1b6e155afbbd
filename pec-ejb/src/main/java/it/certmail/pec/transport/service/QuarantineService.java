package it.certmail.pec.transport.service;

import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import it.certmail.pec.transport.model.QuarantinedMessage;

/**
 * Quarantena antivirus for the operators: the infected messages kept apart (RFC 6109 §2.2.4, 30 months), their
 * bytes for analysis, and the purge of those whose retention is over. A message is never purged before its
 * {@code keep_until}: the purge takes no list of ids, only the clock.
 */
@Stateless
public class QuarantineService {

    /** Rows deleted per purge call: a long backlog goes in several short transactions. */
    public static final int PURGE_BATCH = 500;

    @PersistenceContext(unitName = "pec")
    EntityManager em;

    @Inject
    Dispatcher dispatcher;

    @Inject
    Clock clock;

    /** Newest first, paged by id: at most {@code limit} rows with an id below {@code beforeId} (null: from the top). */
    public List<QuarantinedMessage> list(Long beforeId, int limit) {
        // no "(:before IS NULL OR ...)": PostgreSQL cannot type a null parameter there
        var query = beforeId == null
                ? em.createQuery("SELECT q FROM QuarantinedMessage q ORDER BY q.id DESC", QuarantinedMessage.class)
                : em.createQuery("SELECT q FROM QuarantinedMessage q WHERE q.id < :before ORDER BY q.id DESC",
                        QuarantinedMessage.class).setParameter("before", beforeId);
        return query.setMaxResults(Math.max(1, Math.min(limit, 500))).getResultList();
    }

    /** How many quarantined messages are past their retention now. */
    public long expiredCount() {
        return em.createQuery("SELECT COUNT(q) FROM QuarantinedMessage q WHERE q.keepUntil < :now", Long.class)
                .setParameter("now", clock.instant()).getSingleResult();
    }

    /** The exact bytes kept, as a lazy stream the caller closes; empty when there is no such row. */
    public Optional<InputStream> open(long id) {
        QuarantinedMessage q = em.find(QuarantinedMessage.class, id);
        return q == null ? Optional.empty() : Optional.of(dispatcher.blobs().open(q.getBlobId()));
    }

    /**
     * Deletes up to {@link #PURGE_BATCH} messages whose retention ended before now and gives their blob references
     * back (the bytes go with the last reference). In the caller's transaction or its own.
     *
     * @return how many were purged; call again while it returns {@link #PURGE_BATCH}
     */
    public int purgeExpired() {
        Instant now = clock.instant();
        List<QuarantinedMessage> expired = em.createQuery("SELECT q FROM QuarantinedMessage q"
                        + " WHERE q.keepUntil < :now ORDER BY q.keepUntil", QuarantinedMessage.class)
                .setParameter("now", now).setMaxResults(PURGE_BATCH).getResultList();
        for (QuarantinedMessage q : expired) {
            em.remove(q);
            dispatcher.blobs().release(q.getBlobId());
        }
        return expired.size();
    }
}
