package it.certmail.pec.log.service;

import javax.sql.DataSource;

import jakarta.persistence.EntityManager;
import jakarta.transaction.TransactionSynchronizationRegistry;

/** The registro's recorder as the container would inject it, over one entity manager and its transaction. */
public final class PecLogForTests {

    private PecLogForTests() {
    }

    /**
     * {@code connection} hands out the transaction's own connection (as the container's pool does within a
     * transaction); the entries are written when {@code transaction} runs its synchronizations before completion.
     */
    public static PecLog over(EntityManager em, DataSource connection, TransactionSynchronizationRegistry transaction) {
        PecLog log = new PecLog();
        log.em = em;
        log.dataSource = connection;
        log.transactions = transaction;
        log.counters = new LogEventCounters();
        return log;
    }
}
