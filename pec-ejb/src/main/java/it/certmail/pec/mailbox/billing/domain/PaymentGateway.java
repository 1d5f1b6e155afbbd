package it.certmail.pec.mailbox.billing.domain;

/**
 * Gateway di pagamento (port): charges a stored payment method. Implementations must treat
 * {@code idempotencyKey} as the gateway's own idempotency key: the same key twice charges once and answers the
 * same, which is what lets a job that died after the charge run again safely.
 */
public interface PaymentGateway {

    /**
     * @param token          the payment method's token, as the holder's checkout gave it
     * @param amount         total with VAT, positive
     * @param idempotencyKey unique per attempt (mailbox, period, attempt)
     * @param description    what the holder sees on their statement
     * @return the answer; a refusal is an answer, not an exception (exceptions mean "unknown, try again")
     */
    PaymentResult charge(String token, Money amount, String idempotencyKey, String description);
}
