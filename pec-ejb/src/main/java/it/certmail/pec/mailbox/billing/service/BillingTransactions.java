package it.certmail.pec.mailbox.billing.service;

import jakarta.ejb.LocalBean;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;

import it.certmail.pec.mailbox.billing.domain.Checkout;
import it.certmail.pec.mailbox.domain.MailboxException;

/**
 * The transactions of a {@link Checkout}: each step in a new one, so that the payment gateway between them is
 * called with none open. A {@link MailboxException} (checked, an application exception) commits what the step
 * wrote, as a declined payment's record must; a runtime exception rolls it back.
 */
@Stateless
@LocalBean // injected by its class: implementing Checkout.Transactions alone would hide the no-interface view
@TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
public class BillingTransactions implements Checkout.Transactions {

    @Override
    public <T> T inTransaction(Checkout.Step<T> step) throws MailboxException {
        return step.run();
    }
}
