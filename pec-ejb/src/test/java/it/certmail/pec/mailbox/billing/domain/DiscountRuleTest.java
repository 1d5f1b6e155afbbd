package it.certmail.pec.mailbox.billing.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Set;

import org.junit.jupiter.api.Test;

import it.certmail.pec.mailbox.billing.model.DiscountKind;

class DiscountRuleTest {

    private static final Instant FROM = Instant.parse("2026-06-01T00:00:00Z");
    private static final Instant UNTIL = Instant.parse("2026-07-01T00:00:00Z");

    private static DiscountRule rule(Set<String> plans, Integer maxUses, int used) {
        return new DiscountRule(" estate26 ", DiscountKind.PERCENT, 2000, FROM, UNTIL, plans, maxUses, used);
    }

    @Test
    void aCodeShouldBeValidOnlyInsideItsWindow() {
        DiscountRule r = rule(Set.of(), null, 0);

        assertThat(r.code()).isEqualTo("ESTATE26");
        assertThat(r.refusal("standard", FROM.minusSeconds(1))).hasValueSatisfying(m -> assertThat(m).contains("non è ancora valido"));
        assertThat(r.refusal("standard", FROM)).isEmpty();
        assertThat(r.refusal("standard", UNTIL.minusSeconds(1))).isEmpty();
        assertThat(r.refusal("standard", UNTIL)).hasValueSatisfying(m -> assertThat(m).contains("scaduto"));
    }

    @Test
    void aCodeShouldApplyOnlyToItsPlans() {
        DiscountRule r = rule(Set.of("pro", "premium"), null, 0);

        assertThat(r.refusal("pro", FROM)).isEmpty();
        assertThat(r.refusal("standard", FROM)).hasValueSatisfying(m -> assertThat(m).contains("piano standard"));
    }

    @Test
    void aSingleUseCodeShouldBeRefusedOnceUsed() {
        assertThat(rule(Set.of(), 1, 0).refusal("pro", FROM)).isEmpty();
        assertThat(rule(Set.of(), 1, 1).refusal("pro", FROM)).hasValueSatisfying(m -> assertThat(m).contains("già stato usato"));
        assertThat(rule(Set.of(), 3, 2).refusal("pro", FROM)).isEmpty();
        assertThat(rule(Set.of(), null, 5000).refusal("pro", FROM)).isEmpty();
    }

    @Test
    void badValuesShouldBeRefusedAtConstruction() {
        assertThatThrownBy(() -> new DiscountRule("X", DiscountKind.PERCENT, 10_001, FROM, null, Set.of(), null, 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DiscountRule("X", DiscountKind.AMOUNT, 0, FROM, null, Set.of(), null, 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DiscountRule("X", DiscountKind.AMOUNT, 100, FROM, null, Set.of(), 0, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
