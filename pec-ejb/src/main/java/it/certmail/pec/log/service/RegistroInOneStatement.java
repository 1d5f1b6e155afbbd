package it.certmail.pec.log.service;

import jakarta.annotation.Resource;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.InvocationContext;
import jakarta.transaction.Status;
import jakarta.transaction.TransactionSynchronizationRegistry;

/**
 * Writes the registro entries a step records in its transaction together, in one statement, as the step's call
 * ends: still inside the call and the transaction, so they commit with the work or not at all. Put on the
 * transaction shells of the hot path with {@code @Interceptors} (inside {@code AllOrNothing}, where both are); any
 * other transaction writes each entry as it is recorded.
 */
public class RegistroInOneStatement {

    @Inject
    PecLog log;

    @Resource
    TransactionSynchronizationRegistry transactions;

    /** Taken once from the EJB and called directly: two EJB calls fewer per step (an interceptor serves one bean). */
    private Registro registro;

    @AroundInvoke
    public Object writeTheStepsEntriesTogether(InvocationContext call) throws Exception {
        if (registro == null) {
            registro = log.registro();
        }
        boolean keeps = registro.keepUntilTheStepEnds();
        Object result;
        try {
            result = call.proceed();
        } catch (Exception e) {
            // a checked exception may still commit the work (unless AllOrNothing dooms it): its entries with it
            if (keeps && transactions.getTransactionStatus() == Status.STATUS_ACTIVE) {
                try {
                    registro.writeKept();
                } catch (RuntimeException notWritten) {
                    transactions.setRollbackOnly();
                    e.addSuppressed(notWritten);
                }
            }
            throw e;
        }
        if (keeps) {
            registro.writeKept();
        }
        return result;
    }
}
