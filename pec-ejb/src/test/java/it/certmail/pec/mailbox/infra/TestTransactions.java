package it.certmail.pec.mailbox.infra;

import jakarta.persistence.EntityManager;

import it.certmail.pec.mailbox.billing.domain.Checkout;
import it.certmail.pec.mailbox.domain.MailboxException;

/**
 * Resource-local transactions with the EJB rules of {@code BillingTransactions}: a {@link MailboxException} (an
 * application exception) commits what the step wrote, a runtime exception rolls it back. The persistence context
 * is cleared after each, so later reads go to the database.
 */
class TestTransactions implements Checkout.Transactions {

    private final EntityManager em;

    TestTransactions(EntityManager em) {
        this.em = em;
    }

    @Override
    public <T> T inTransaction(Checkout.Step<T> step) throws MailboxException {
        em.getTransaction().begin();
        try {
            T result = step.run();
            beforeCommit();
            em.getTransaction().commit();
            return result;
        } catch (MailboxException e) {
            em.getTransaction().commit();
            throw e;
        } finally {
            if (em.getTransaction().isActive()) {
                em.getTransaction().rollback();
            }
            em.clear();
        }
    }

    /** Called after a step's work, before its commit: a test throws here to have the node die. */
    void beforeCommit() {
    }
}
