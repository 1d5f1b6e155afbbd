package it.certmail.pec.log.service;

import jakarta.persistence.EntityManager;
import jakarta.transaction.TransactionSynchronizationRegistry;

/** The registro's recorder as the container would inject it, over one entity manager and its transaction. */
public final class PecLogForTests {

    private PecLogForTests() {
    }

    public static PecLog over(EntityManager em, TransactionSynchronizationRegistry transaction) {
        PecLog log = new PecLog();
        log.em = em;
        log.transactions = transaction;
        log.counters = new LogEventCounters();
        return log;
    }
}
