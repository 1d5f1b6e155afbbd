package it.certmail.pec.operator.service;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.TypedQuery;

import it.certmail.pec.operator.domain.Actor;
import it.certmail.pec.operator.domain.AuditQuery;
import it.certmail.pec.operator.domain.AuditValues;
import it.certmail.pec.operator.model.AuditRecord;

/**
 * Registro delle modifiche: the one way to write and read the audit trail. Every change an operator makes, in the
 * console or through the admin API, is recorded here by the layer that received it. There is deliberately no
 * method that changes or removes a record.
 */
@Stateless
public class AuditTrail {

    @PersistenceContext(unitName = "pec")
    EntityManager em;

    @Inject
    Clock clock;

    /**
     * Records one change. Joins the caller's transaction when there is one (the change and its record commit
     * together), else commits on its own. {@code before}/{@code after} are free text (see {@link AuditValues}) and
     * may be null; secrets must not be passed in clear ({@link AuditValues#redactJson}).
     *
     * @param action what was done, {@code <area>.<verb>}, e.g. {@code mailbox.suspend}, {@code operator.create}
     * @param target what it was done to: an address, a domain, a user name, an API path
     */
    public AuditRecord record(Actor actor, String action, String target, String before, String after) {
        AuditRecord r = new AuditRecord(clock.instant(), actor.user(), actor.role().code(), actor.address(),
                actor.channel(), action, target == null ? "" : AuditValues.fit(target), AuditValues.fit(before),
                AuditValues.fit(after));
        em.persist(r);
        return r;
    }

    /** Newest first, at most {@link AuditQuery#limit()} records. */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public List<AuditRecord> search(AuditQuery q) {
        StringBuilder jpql = new StringBuilder("SELECT r FROM AuditRecord r WHERE 1 = 1");
        List<Object[]> params = new ArrayList<>();
        if (q.actor() != null) {
            jpql.append(" AND r.actor = :actor");
            params.add(new Object[] {"actor", q.actor()});
        }
        if (q.action() != null) {
            jpql.append(" AND r.action LIKE :action ESCAPE '!'");
            params.add(new Object[] {"action", likePrefix(q.action())});
        }
        if (q.target() != null) {
            jpql.append(" AND r.target LIKE :target ESCAPE '!'");
            params.add(new Object[] {"target", likePrefix(q.target())});
        }
        if (q.from() != null) {
            jpql.append(" AND r.recordedAt >= :from");
            params.add(new Object[] {"from", q.from()});
        }
        if (q.to() != null) {
            jpql.append(" AND r.recordedAt < :to");
            params.add(new Object[] {"to", q.to()});
        }
        if (q.beforeId() != null) {
            jpql.append(" AND r.id < :beforeId");
            params.add(new Object[] {"beforeId", q.beforeId()});
        }
        jpql.append(" ORDER BY r.id DESC");
        TypedQuery<AuditRecord> query = em.createQuery(jpql.toString(), AuditRecord.class);
        params.forEach(p -> query.setParameter((String) p[0], p[1]));
        return query.setMaxResults(q.limit()).getResultList();
    }

    private static String likePrefix(String prefix) {
        return prefix.replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%";
    }
}
