package it.certmail.pec.mailbox.billing.domain;

import java.util.Objects;
import java.util.Optional;

import it.certmail.pec.mailbox.domain.MailboxException;

/**
 * Pagamento fuori transazione: a purchase that may need a charge runs as three steps. The first transaction
 * decides the charge (checks, price, idempotency key); the gateway is called with no transaction open, so no
 * database lock waits on a remote answer; the second transaction checks again and settles: it records the
 * gateway's answer and applies the purchase together, or neither.
 *
 * <p>A failure between the steps leaves no settled payment, so the retry decides the same key and the gateway
 * answers it without charging again (the {@link PaymentGateway} contract).
 */
public final class Checkout {

    /** One step of work in the caller's persistence context. */
    public interface Step<T> {
        T run() throws MailboxException;
    }

    /** The settling step, given the charge made (empty when the first step decided none). */
    public interface Settle<T> {
        T run(Optional<Charged> charged) throws MailboxException;
    }

    /** Runs a step in a transaction of its own, never in one of the caller's. */
    public interface Transactions {
        <T> T inTransaction(Step<T> step) throws MailboxException;
    }

    /** A charge and the gateway's answer to it. */
    public record Charged(ChargeRequest request, PaymentResult result) {
    }

    private final Transactions transactions;
    private final PaymentGateway gateway;

    public Checkout(Transactions transactions, PaymentGateway gateway) {
        this.transactions = Objects.requireNonNull(transactions, "transactions");
        this.gateway = Objects.requireNonNull(gateway, "gateway");
    }

    /**
     * @param decide the first transaction: the charge to make, or empty when none is due
     * @param settle the second transaction, given the gateway's answer
     * @throws MailboxException as the steps throw it; a gateway exception (answer unknown) propagates before the
     *                          second step, and the retry uses the same key
     */
    public <T> T pay(Step<Optional<ChargeRequest>> decide, Settle<T> settle) throws MailboxException {
        Optional<ChargeRequest> request = transactions.inTransaction(decide);
        Optional<Charged> charged = request.map(r -> new Charged(r, r.chargeWith(gateway)));
        return transactions.inTransaction(() -> settle.run(charged));
    }
}
