package it.certmail.pec.log.service;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

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

    private static final Logger LOG = Logger.getLogger(PecLog.class.getName());

    @PersistenceContext(unitName = "pec")
    EntityManager em;

    @Resource
    TransactionSynchronizationRegistry transactions;

    /** the transaction's connection, for writing its entries (JPA writes them one statement each) */
    @Resource(lookup = "jdbc/pec")
    DataSource dataSource;

    @Inject
    LogEventCounters counters;

    /**
     * Written in the same transaction as the work it records: both commit, or neither. The entries of a transaction
     * are kept among its resources and written together just before it commits, in the order recorded, as one
     * statement ({@link LogEntryWriter}) over the transaction's own connection, taken at its first entry; a rollback
     * writes none, and a failed write fails the commit.
     */
    @TransactionAttribute(TransactionAttributeType.MANDATORY)
    public void record(LogEvent e) {
        pending().add(new LogEntry(e.time(), e.type(), e.msgid(), e.clientMsgid(), e.sender(),
                String.join(" ", e.recipients()), e.subject(), String.join(" ", e.generatedIds()),
                e.sendingProvider(), e.detail()));
    }

    /** The entries the current transaction recorded and not yet wrote, registered for its completion once. */
    private Pending pending() {
        Pending pending = (Pending) transactions.getResource(Pending.class);
        if (pending == null) {
            pending = new Pending(transactions, transactionsConnection(), counters);
            transactions.putResource(Pending.class, pending);
            transactions.registerInterposedSynchronization(pending);
        }
        return pending;
    }

    /**
     * The transaction's own connection, asked for while the transaction runs and kept open until it completes. Asked
     * for only as the transaction completes (in {@code beforeCompletion}), Payara hands a step run by a container-
     * managed transaction a connection of its own in auto-commit: the entries committed at once, apart from the
     * work, and stayed when that work rolled back or the process died before its commit.
     */
    private Connection transactionsConnection() {
        try {
            return dataSource.getConnection();
        } catch (SQLException e) {
            throw new IllegalStateException("no connection for the registro entries of the transaction: "
                    + e.getMessage(), e);
        }
    }

    /** What this transaction recorded is in the table before a query of this transaction reads it. */
    private void writePending() {
        if (transactions.getTransactionStatus() == Status.STATUS_ACTIVE
                && transactions.getResource(Pending.class) instanceof Pending pending) {
            pending.write();
        }
    }

    /** A transaction's entries: written before it completes, counted in the metrics only once it committed. */
    private static final class Pending implements Synchronization {

        private final TransactionSynchronizationRegistry transaction;
        /** the transaction's own connection (the one JPA writes with), open until the transaction completes */
        private final Connection connection;
        private final LogEventCounters counters;
        private final List<LogEntry> unwritten = new ArrayList<>();
        private final List<LogEventType> recorded = new ArrayList<>();

        Pending(TransactionSynchronizationRegistry transaction, Connection connection, LogEventCounters counters) {
            this.transaction = transaction;
            this.connection = connection;
            this.counters = counters;
        }

        void add(LogEntry entry) {
            unwritten.add(entry);
            recorded.add(entry.getEventType());
        }

        void write() {
            if (unwritten.isEmpty()) {
                return;
            }
            try {
                // in auto-commit the entries would commit on their own, whatever becomes of the work they record
                if (connection.getAutoCommit()) {
                    throw new IllegalStateException("the registro entries would commit apart from their transaction:"
                            + " its connection is in auto-commit");
                }
                new LogEntryWriter(connection).write(unwritten);
            } catch (SQLException ex) {
                throw new IllegalStateException("the registro entries of the transaction could not be written: "
                        + ex.getMessage(), ex);
            }
            unwritten.clear();
        }

        @Override
        public void beforeCompletion() {
            // thrown here, the transaction rolls back and its commit fails: the work is done again, never unlogged.
            // Skipped only for a transaction known to roll back; any other status writes (and fails if it cannot)
            int status = transaction.getTransactionStatus();
            if (status != Status.STATUS_MARKED_ROLLBACK && status != Status.STATUS_ROLLING_BACK
                    && status != Status.STATUS_ROLLEDBACK) {
                write();
            }
        }

        @Override
        public void afterCompletion(int status) {
            try {
                connection.close();
            } catch (SQLException e) {
                // the transaction is over either way; the pool takes the connection back with it
                LOG.log(Level.FINE, "closing the registro's connection", e);
            }
            // the metrics count what is in the log: only once the transaction has committed
            if (status == Status.STATUS_COMMITTED) {
                recorded.forEach(counters::committed);
            }
        }
    }

    public List<LogEntry> search(LogQuery q) {
        writePending();
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
        writePending();
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
        writePending();
        Map<LogEventType, Long> counts = new EnumMap<>(LogEventType.class);
        em.createQuery("SELECT e.eventType, COUNT(e) FROM LogEntry e WHERE e.eventTime >= :from AND e.eventTime < :to"
                        + " GROUP BY e.eventType", Object[].class)
                .setParameter("from", from).setParameter("to", to).getResultList()
                .forEach(r -> counts.put((LogEventType) r[0], ((Number) r[1]).longValue()));
        return counts;
    }
}
