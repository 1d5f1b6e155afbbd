package it.certmail.pec.log.service;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
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
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import javax.sql.DataSource;

import it.certmail.pec.receipts.domain.PecMessageIds;
import it.certmail.pec.log.domain.LogEvent;
import it.certmail.pec.log.domain.LogQuery;
import it.certmail.pec.log.infra.LogEntryWriter;
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

    /**
     * Written in the same transaction as the work it records, over the transaction's own connection: both commit,
     * or neither. At once, unless the step's call keeps its entries ({@link RegistroInOneStatement}): then they are
     * written together, in one statement, as that call ends, still inside it and its transaction.
     *
     * <p>Never deferred to the transaction's completion: a connection asked for there (in {@code beforeCompletion}),
     * or a handle kept open until then, is outside every component's call, and Payara hands out one of its own in
     * auto-commit: the entries committed apart from the work, and stayed when that work rolled back or the process
     * died before its commit (then the step done again was logged twice). A connection in auto-commit fails the
     * write, so the work fails with it rather than be logged apart.
     */
    @TransactionAttribute(TransactionAttributeType.MANDATORY)
    public void record(LogEvent e) {
        LogEntry entry = new LogEntry(e.time(), e.type(), e.msgid(), e.clientMsgid(), e.sender(),
                String.join(" ", e.recipients()), e.subject(), String.join(" ", e.generatedIds()),
                e.sendingProvider(), e.detail());
        if (transactions.getResource(Kept.class) instanceof Kept kept && kept.open) {
            kept.entries.add(entry);
        } else {
            write(List.of(entry));
        }
        recorded().add(entry.getEventType());
    }

    /**
     * The step's call begins: this transaction's entries are kept, to be written together by {@link #writeKept} as
     * the call ends. False when an outer call keeps them already (it writes them).
     */
    @TransactionAttribute(TransactionAttributeType.MANDATORY)
    public boolean keepUntilTheStepEnds() {
        if (transactions.getResource(Kept.class) != null) {
            return false;
        }
        Kept kept = new Kept();
        transactions.putResource(Kept.class, kept);
        transactions.registerInterposedSynchronization(kept);
        return true;
    }

    /**
     * The step's call ends: what it kept is written now, in one statement, still inside the call and the
     * transaction; an entry recorded later in the transaction is written at once.
     */
    @TransactionAttribute(TransactionAttributeType.MANDATORY)
    public void writeKept() {
        if (transactions.getResource(Kept.class) instanceof Kept kept) {
            kept.open = false;
            writeKeptSoFar(kept);
        }
    }

    /** What this transaction recorded is in the table before a query of this transaction reads it. */
    private void writeKeptSoFar() {
        if (transactions.getTransactionStatus() == Status.STATUS_ACTIVE
                && transactions.getResource(Kept.class) instanceof Kept kept) {
            writeKeptSoFar(kept);
        }
    }

    private void writeKeptSoFar(Kept kept) {
        if (!kept.entries.isEmpty()) {
            write(kept.entries);
            kept.entries.clear();
        }
    }

    /** Inserts the entries on the transaction's connection, asked for inside this call. */
    private void write(List<LogEntry> entries) {
        try (Connection c = dataSource.getConnection()) {
            if (c.getAutoCommit()) {
                throw new IllegalStateException("the registro entries would commit apart from their transaction: the"
                        + " connection is in auto-commit");
            }
            new LogEntryWriter(c).write(entries);
        } catch (SQLException ex) {
            throw new IllegalStateException("the registro entries could not be written: " + ex.getMessage(), ex);
        }
    }

    /**
     * Entries a step's call keeps until it ends. Left unwritten at the commit (the call never ended through
     * {@link RegistroInOneStatement}), they fail the commit: the work never commits without its entries.
     */
    private static final class Kept implements Synchronization {

        private final List<LogEntry> entries = new ArrayList<>();
        private boolean open = true;

        @Override
        public void beforeCompletion() {
            if (!entries.isEmpty()) {
                throw new IllegalStateException(entries.size() + " registro entries kept by a step were never"
                        + " written: the commit fails rather than commit the work without them");
            }
        }

        @Override
        public void afterCompletion(int status) {
        }
    }

    /** The kinds this transaction recorded, counted in the metrics once it commits. */
    private List<LogEventType> recorded() {
        Recorded recorded = (Recorded) transactions.getResource(Recorded.class);
        if (recorded == null) {
            recorded = new Recorded(counters);
            transactions.putResource(Recorded.class, recorded);
            transactions.registerInterposedSynchronization(recorded);
        }
        return recorded.kinds;
    }

    /** A transaction's entries, counted in the metrics only once it committed: the metrics count what is in the log. */
    private static final class Recorded implements Synchronization {

        private final LogEventCounters counters;
        private final List<LogEventType> kinds = new ArrayList<>();

        Recorded(LogEventCounters counters) {
            this.counters = counters;
        }

        @Override
        public void beforeCompletion() {
        }

        @Override
        public void afterCompletion(int status) {
            if (status == Status.STATUS_COMMITTED) {
                kinds.forEach(counters::committed);
            }
        }
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
