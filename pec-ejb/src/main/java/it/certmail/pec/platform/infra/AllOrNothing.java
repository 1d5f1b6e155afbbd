package it.certmail.pec.platform.infra;

import jakarta.annotation.Resource;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.InvocationContext;
import jakarta.transaction.Status;
import jakarta.transaction.TransactionSynchronizationRegistry;

/**
 * Makes a bean's transaction commit all of its effects or none, whatever is thrown.
 *
 * <p>The EJB container rolls back on a runtime exception only: a checked one (an {@code IOException} from composing
 * a receipt, say) leaves the transaction to commit what was written before it. For a step whose effects are a legal
 * act (an envelope queued, a copy taken charge of) that is the worst outcome: the work commits, the client is told
 * {@code 451}, sends again, and the message exists twice. Put on such a bean with {@code @Interceptors}.
 */
public class AllOrNothing {

    @Resource
    TransactionSynchronizationRegistry transactions;

    @AroundInvoke
    public Object rollBackOnAnyException(InvocationContext invocation) throws Exception {
        try {
            return invocation.proceed();
        } catch (Exception e) {
            markRollbackOnly(transactions);
            throw e;
        }
    }

    /** Dooms the current transaction, if there is one still active. */
    static void markRollbackOnly(TransactionSynchronizationRegistry transactions) {
        if (transactions.getTransactionStatus() == Status.STATUS_ACTIVE) {
            transactions.setRollbackOnly();
        }
    }
}
