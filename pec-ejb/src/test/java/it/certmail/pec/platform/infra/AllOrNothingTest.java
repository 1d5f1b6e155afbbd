package it.certmail.pec.platform.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.concurrent.Callable;

import jakarta.interceptor.InvocationContext;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;

import org.junit.jupiter.api.Test;

import it.certmail.pec.testsupport.InterceptedCalls;

class AllOrNothingTest {

    @Test
    void aCheckedExceptionShouldDoomTheTransactionAndStillReachTheCaller() {
        Transactions tx = new Transactions(Status.STATUS_ACTIVE);
        IOException failure = new IOException("cannot compose");
        IOException thrown = assertThrows(IOException.class, () -> interceptor(tx).rollBackOnAnyException(call(() -> {
            throw failure;
        })));
        assertSame(failure, thrown);
        assertTrue(tx.rollbackOnly);
    }

    @Test
    void aRuntimeExceptionShouldDoomTheTransactionToo() {
        Transactions tx = new Transactions(Status.STATUS_ACTIVE);
        assertThrows(IllegalStateException.class, () -> interceptor(tx).rollBackOnAnyException(call(() -> {
            throw new IllegalStateException("bad row");
        })));
        assertTrue(tx.rollbackOnly);
    }

    @Test
    void aReturnShouldLeaveTheTransactionToCommit() throws Exception {
        Transactions tx = new Transactions(Status.STATUS_ACTIVE);
        assertEquals("250", interceptor(tx).rollBackOnAnyException(call(() -> "250")));
        assertFalse(tx.rollbackOnly);
    }

    @Test
    void withoutAnActiveTransactionNothingShouldBeMarked() {
        Transactions tx = new Transactions(Status.STATUS_NO_TRANSACTION);
        assertThrows(IOException.class, () -> interceptor(tx).rollBackOnAnyException(call(() -> {
            throw new IOException("no transaction");
        })));
        assertFalse(tx.rollbackOnly);
    }

    private static AllOrNothing interceptor(Transactions tx) {
        AllOrNothing interceptor = new AllOrNothing();
        interceptor.transactions = tx;
        return interceptor;
    }

    private static InvocationContext call(Callable<Object> body) {
        return InterceptedCalls.of(body);
    }

    /** The part of the registry the interceptor uses: the status, and the mark. */
    private static final class Transactions implements TransactionSynchronizationRegistry {
        private final int status;
        boolean rollbackOnly;

        Transactions(int status) {
            this.status = status;
        }

        @Override
        public int getTransactionStatus() {
            return rollbackOnly ? Status.STATUS_MARKED_ROLLBACK : status;
        }

        @Override
        public void setRollbackOnly() {
            rollbackOnly = true;
        }

        @Override
        public boolean getRollbackOnly() {
            return rollbackOnly;
        }

        @Override
        public Object getTransactionKey() {
            return null;
        }

        @Override
        public void putResource(Object key, Object value) {
        }

        @Override
        public Object getResource(Object key) {
            return null;
        }

        @Override
        public void registerInterposedSynchronization(Synchronization sync) {
        }
    }
}
