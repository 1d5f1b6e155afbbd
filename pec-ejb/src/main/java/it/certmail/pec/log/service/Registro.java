package it.certmail.pec.log.service;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;

import it.certmail.pec.log.domain.LogEvent;
import it.certmail.pec.log.infra.LogEntryWriter;
import it.certmail.pec.log.model.LogEntry;
import it.certmail.pec.log.model.LogEventType;

/**
 * Records the registro dei messaggi inside the caller's transaction: a plain object over the container's
 * transaction registry and {@code jdbc/pec}. {@link PecLog} fronts it for every caller; the transport's transaction
 * shells take it once from there ({@link PecLog#registro()}) and call it directly, so an entry costs no EJB call
 * (seven per local message went through the EJB container before). Without a transaction it refuses to record:
 * the registry throws {@link IllegalStateException}, as the EJB's {@code MANDATORY} did.
 *
 * <p>Written in the same transaction as the work it records, over the transaction's own connection: both commit,
 * or neither. At once, unless the step's call keeps its entries ({@link RegistroInOneStatement}): then they are
 * written together, in one statement, as that call ends, still inside it and its transaction.
 *
 * <p>Never deferred to the transaction's completion: a connection asked for there (in {@code beforeCompletion}),
 * or a handle kept open until then, is outside every component's call, and Payara hands out one of its own in
 * auto-commit: the entries committed apart from the work, and stayed when that work rolled back or the process
 * died before its commit (then the step done again was logged twice). A connection in auto-commit fails the write,
 * so the work fails with it rather than be logged apart.
 */
public class Registro {

    private final TransactionSynchronizationRegistry transactions;
    private final DataSource dataSource;
    private final LogEventCounters counters;

    /** @param dataSource hands out the caller's transaction's own connection while a component's call runs in it */
    public Registro(TransactionSynchronizationRegistry transactions, DataSource dataSource,
            LogEventCounters counters) {
        this.transactions = transactions;
        this.dataSource = dataSource;
        this.counters = counters;
    }

    /** Records one entry with the caller's transaction: written now, or kept until the step's call ends. */
    public void record(LogEvent e) {
        LogEntry entry = new LogEntry(e.time(), e.type(), e.msgid(), e.clientMsgid(), e.sender(),
                String.join(" ", e.recipients()), e.subject(), String.join(" ", e.generatedIds()),
                e.sendingProvider(), e.detail());
        ThisTransaction tx = thisTransaction();
        if (tx.keeping) {
            tx.kept.add(entry);
        } else {
            write(List.of(entry));
        }
        tx.kinds.add(entry.getEventType());
    }

    /**
     * The step's call begins: this transaction's entries are kept, to be written together by {@link #writeKept} as
     * the call ends. False when an outer call keeps them already, or kept them (it writes them).
     */
    public boolean keepUntilTheStepEnds() {
        ThisTransaction tx = thisTransaction();
        if (tx.keptByAStep) {
            return false;
        }
        tx.keptByAStep = true;
        tx.keeping = true;
        return true;
    }

    /**
     * The step's call ends: what it kept is written now, in one statement, still inside the call and the
     * transaction; an entry recorded later in the transaction is written at once.
     */
    public void writeKept() {
        ThisTransaction tx = thisTransaction();
        tx.keeping = false;
        writeKeptSoFar(tx);
    }

    /** What this transaction recorded is in the table before a query of this transaction reads it. */
    void writeKeptSoFar() {
        if (transactions.getTransactionStatus() == Status.STATUS_ACTIVE
                && transactions.getResource(ThisTransaction.class) instanceof ThisTransaction tx) {
            writeKeptSoFar(tx);
        }
    }

    private void writeKeptSoFar(ThisTransaction tx) {
        if (!tx.kept.isEmpty()) {
            write(tx.kept);
            tx.kept.clear();
        }
    }

    /** Inserts the entries on the transaction's connection, asked for inside the caller's component call. */
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

    /** The transaction's own record of its entries: one synchronization per transaction, whatever it records. */
    private ThisTransaction thisTransaction() {
        if (transactions.getResource(ThisTransaction.class) instanceof ThisTransaction tx) {
            return tx;
        }
        ThisTransaction tx = new ThisTransaction(counters);
        transactions.putResource(ThisTransaction.class, tx);
        transactions.registerInterposedSynchronization(tx);
        return tx;
    }

    /**
     * What a transaction recorded. Entries a step's call kept and never wrote (the call never ended through
     * {@link RegistroInOneStatement}) fail the commit: the work never commits without its entries. The kinds are
     * counted in the metrics only once the transaction committed: the metrics count what is in the log.
     */
    private static final class ThisTransaction implements Synchronization {

        private final LogEventCounters counters;
        private final List<LogEntry> kept = new ArrayList<>();
        private final List<LogEventType> kinds = new ArrayList<>();
        private boolean keptByAStep;
        private boolean keeping;

        ThisTransaction(LogEventCounters counters) {
            this.counters = counters;
        }

        @Override
        public void beforeCompletion() {
            if (!kept.isEmpty()) {
                throw new IllegalStateException(kept.size() + " registro entries kept by a step were never"
                        + " written: the commit fails rather than commit the work without them");
            }
        }

        @Override
        public void afterCompletion(int status) {
            if (status == Status.STATUS_COMMITTED) {
                kinds.forEach(counters::committed);
            }
        }
    }
}
