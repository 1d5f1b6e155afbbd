package it.certmail.pec.mailbox.billing.infra;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import it.certmail.pec.mailbox.billing.domain.Money;
import it.certmail.pec.mailbox.billing.domain.PaymentGateway;
import it.certmail.pec.mailbox.billing.domain.PaymentResult;

/**
 * Gateway di prova: tokens starting with {@code decline} are refused, any other token is charged. Answers the
 * same to the same idempotency key, as a real gateway does.
 */
public class SandboxPaymentGateway implements PaymentGateway {

    private final Map<String, PaymentResult> answers = new ConcurrentHashMap<>();
    private final AtomicLong charges = new AtomicLong();

    @Override
    public PaymentResult charge(String token, Money amount, String idempotencyKey, String description) {
        Objects.requireNonNull(idempotencyKey, "idempotencyKey");
        return answers.computeIfAbsent(idempotencyKey, k -> {
            if (token == null || token.isBlank()) {
                return PaymentResult.declined("nessun metodo di pagamento registrato");
            }
            if (token.strip().toLowerCase(Locale.ROOT).startsWith("decline")) {
                return PaymentResult.declined("pagamento rifiutato dal circuito (sandbox)");
            }
            return PaymentResult.approved("sandbox-" + charges.incrementAndGet());
        });
    }

    /** Approved charges so far (each idempotency key once). */
    public long approvedCharges() {
        return charges.get();
    }
}
