package it.certmail.pec.log.service;

import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.annotation.Resource;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.inject.Inject;
import jakarta.persistence.TypedQuery;
import jakarta.transaction.TransactionSynchronizationRegistry;
import javax.sql.DataSource;

import it.certmail.pec.receipts.domain.PecMessageIds;
import it.certmail.pec.log.domain.LogEvent;
import it.certmail.pec.log.domain.LogQuery;
import it.certmail.pec.log.model.LogEntry;
import it.certmail.pec.log.model.LogEventType;

/** The one recorder of the registro dei messaggi. Recording joins the caller's transaction, never its own. */
@Stateless
public class PecLog {


    @PersistenceContext(unitName = "pec")
    EntityManager em;

    @Resource
    TransactionSynchronizationRegistry transactions;

    /** hands out the caller's transaction's own connection while a component's call runs in it */
    @Resource(lookup = "jdbc/pec")
    DataSource dataSource;

    @Inject
    LogEventCounters counters;

    private Registro registro;

    /**
     * The registro's recorder over this bean's transaction registry and {@code jdbc/pec}: for the transport's
     * transaction shells, which call it directly inside their transaction instead of through this EJB (see
     * {@link Registro}).
     */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public Registro registro() {
        if (registro == null) {
            registro = new Registro(transactions, dataSource, counters);
        }
        return registro;
    }

    /** Records one entry in the caller's transaction ({@link Registro#record}). */
    @TransactionAttribute(TransactionAttributeType.MANDATORY)
    public void record(LogEvent e) {
        registro().record(e);
    }

    /** {@link Registro#keepUntilTheStepEnds}. */
    @TransactionAttribute(TransactionAttributeType.MANDATORY)
    public boolean keepUntilTheStepEnds() {
        return registro().keepUntilTheStepEnds();
    }

    /** {@link Registro#writeKept}. */
    @TransactionAttribute(TransactionAttributeType.MANDATORY)
    public void writeKept() {
        registro().writeKept();
    }

    private void writeKeptSoFar() {
        registro().writeKeptSoFar();
    }

    public List<LogEntry> search(LogQuery q) {
        writeKeptSoFar();
        StringBuilder jpql = new StringBuilder("SELECT e FROM LogEntry e WHERE 1 = 1");
        if (q.msgid() != null) {
            jpql.append(" AND e.msgid = :msgid");
        }
        if (q.sender() != null) {
            jpql.append(" AND LOWER(e.sender) = :sender");
        }
        if (q.from() != null) {
            jpql.append(" AND e.eventTime >= :from");
        }
        if (q.to() != null) {
            jpql.append(" AND e.eventTime < :to");
        }
        jpql.append(" ORDER BY e.eventTime, e.id");
        TypedQuery<LogEntry> query = em.createQuery(jpql.toString(), LogEntry.class).setMaxResults(q.limit());
        if (q.msgid() != null) {
            query.setParameter("msgid", PecMessageIds.withoutAngles(q.msgid()));
        }
        if (q.sender() != null) {
            query.setParameter("sender", q.sender().toLowerCase(Locale.ROOT));
        }
        if (q.from() != null) {
            query.setParameter("from", q.from());
        }
        if (q.to() != null) {
            query.setParameter("to", q.to());
        }
        return query.getResultList();
    }

    /**
     * Estratto del registro per un titolare: every entry of the transmissions in which {@code address} took part
     * (as the sender, or among the recipients) with an entry in {@code [from, to)}, oldest first, at most
     * {@code limit}. A transmission is its message id: the acceptance, the envelope, the receipts and the notices
     * all carry it.
     */
    public List<LogEntry> transmissionsOf(String address, Instant from, Instant to, int limit) {
        return transmissionsOf(address, from, to, 0, limit);
    }

    /** The same entries from the {@code first}-th on (0-based), at most {@code limit}: one part of a long extract. */
    public List<LogEntry> transmissionsOf(String address, Instant from, Instant to, int first, int limit) {
        return transmissionsQuery("SELECT e", address, from, to, " ORDER BY e.eventTime, e.id", LogEntry.class)
                .setFirstResult(first).setMaxResults(limit).getResultList();
    }

    /** How many entries {@link #transmissionsOf} would give without a limit: one count, before making an extract. */
    public long countTransmissionsOf(String address, Instant from, Instant to) {
        return transmissionsQuery("SELECT COUNT(e)", address, from, to, "", Long.class).getSingleResult();
    }

    private <T> jakarta.persistence.TypedQuery<T> transmissionsQuery(String select, String address, Instant from,
            Instant to, String order, Class<T> type) {
        writeKeptSoFar();
        String a = address.strip().toLowerCase(Locale.ROOT);
        // recipients are kept space-separated: the address as a whole word, LIKE wildcards in it taken literally
        String word = "% " + a.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + " %";
        return em.createQuery(select + " FROM LogEntry e WHERE e.msgid IN (SELECT s.msgid FROM LogEntry s"
                        + " WHERE s.msgid IS NOT NULL AND s.eventTime >= :from AND s.eventTime < :to"
                        + " AND (LOWER(s.sender) = :address OR CONCAT(' ', LOWER(s.recipients), ' ') LIKE :word"
                        + " ESCAPE '\\'))" + order, type)
                .setParameter("from", from).setParameter("to", to).setParameter("address", a)
                .setParameter("word", word);
    }

    /** How many entries of each event type fall in {@code [from, to)}: one grouped count over the time index. */
    public Map<LogEventType, Long> countByEvent(Instant from, Instant to) {
        writeKeptSoFar();
        Map<LogEventType, Long> counts = new EnumMap<>(LogEventType.class);
        em.createQuery("SELECT e.eventType, COUNT(e) FROM LogEntry e WHERE e.eventTime >= :from AND e.eventTime < :to"
                        + " GROUP BY e.eventType", Object[].class)
                .setParameter("from", from).setParameter("to", to).getResultList()
                .forEach(r -> counts.put((LogEventType) r[0], ((Number) r[1]).longValue()));
        return counts;
    }
}
