package it.certmail.pec.mailbox.billing.domain;

import it.certmail.pec.mailbox.domain.MailboxException;

/** Pagamento rifiutato: the gateway refused the charge; nothing was bought (the attempt is recorded). */
public class PaymentDeclinedException extends MailboxException {

    private static final long serialVersionUID = 1L;

    public PaymentDeclinedException(String message) {
        super(message);
    }
}
