package it.certmail.pec.mailbox.billing.domain;

import java.util.Objects;

/**
 * Addebito da eseguire: a charge decided in one transaction and made with none open. Its idempotency key stays the
 * same until the purchase is settled, so a retry after a gateway failure, or after the transaction applying the
 * charge rolled back, is answered by the gateway without charging again.
 *
 * @param token          the payment method's token ({@code null}: none registered, the gateway declines)
 * @param amount         total with VAT
 * @param idempotencyKey the gateway's idempotency key
 * @param description    what the holder sees on their statement
 */
public record ChargeRequest(String token, Money amount, String idempotencyKey, String description) {

    public ChargeRequest {
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(idempotencyKey, "idempotencyKey");
    }

    public PaymentResult chargeWith(PaymentGateway gateway) {
        return gateway.charge(token, amount, idempotencyKey, description);
    }
}
