package it.certmail.pec.mailbox.billing.domain;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import it.certmail.pec.mailbox.billing.model.DiscountKind;

/**
 * Codice sconto: a percentage or an amount off the net price, valid in a window, maybe only for some plans,
 * single or multi use.
 *
 * @param value      basis points for {@link DiscountKind#PERCENT} (1000 = 10 %), cents for {@link DiscountKind#AMOUNT}
 * @param validFrom  first instant it applies
 * @param validUntil first instant it no longer applies; {@code null}: no end
 * @param plans      plan codes it applies to; empty: every plan
 * @param maxUses    uses allowed (1: single use); {@code null}: unlimited
 * @param timesUsed  uses so far
 */
public record DiscountRule(String code, DiscountKind kind, long value, Instant validFrom, Instant validUntil,
        Set<String> plans, Integer maxUses, int timesUsed) {

    public DiscountRule {
        code = Objects.requireNonNull(code, "code").strip().toUpperCase(Locale.ROOT);
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(validFrom, "validFrom");
        plans = Set.copyOf(plans);
        if (value <= 0 || (kind == DiscountKind.PERCENT && value > 10_000)) {
            throw new IllegalArgumentException("discount value out of range: " + value);
        }
        if (maxUses != null && maxUses < 1) {
            throw new IllegalArgumentException("maxUses must be at least 1");
        }
    }

    /** Why the code cannot be used for {@code planCode} at {@code now}; empty when it can. */
    public Optional<String> refusal(String planCode, Instant now) {
        if (now.isBefore(validFrom)) {
            return Optional.of("il codice sconto " + code + " non è ancora valido");
        }
        if (validUntil != null && !now.isBefore(validUntil)) {
            return Optional.of("il codice sconto " + code + " è scaduto");
        }
        if (!plans.isEmpty() && !plans.contains(planCode)) {
            return Optional.of("il codice sconto " + code + " non vale per il piano " + planCode);
        }
        if (maxUses != null && timesUsed >= maxUses) {
            return Optional.of("il codice sconto " + code + " è già stato usato");
        }
        return Optional.empty();
    }

    /** The amount off {@code net}: never more than {@code net}. */
    public Money amountOff(Money net) {
        Money off = kind == DiscountKind.PERCENT ? net.fraction(value, 10_000) : Money.cents(value);
        return off.min(net);
    }
}
