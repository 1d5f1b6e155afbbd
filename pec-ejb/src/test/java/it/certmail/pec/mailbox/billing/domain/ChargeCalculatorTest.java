package it.certmail.pec.mailbox.billing.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Set;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import it.certmail.pec.mailbox.billing.model.AddOnKind;
import it.certmail.pec.mailbox.billing.model.DiscountKind;

class ChargeCalculatorTest {

    private static final ZoneId ROME = ZoneId.of("Europe/Rome");
    private static final PriceList CATALOG = PriceList.presets();

    @ParameterizedTest(name = "{0} net at 22% -> VAT {1}, total {2}")
    @CsvSource({
            "0.99, 0.22, 1.21",    // 21.78 cents
            "9.99, 2.20, 12.19",   // 219.78
            "5.00, 1.10, 6.10",
            "0.25, 0.06, 0.31",    // 5.5 cents: half up
            "0.02, 0.00, 0.02",    // 0.44
            "0.05, 0.01, 0.06",    // 1.1
            "1.75, 0.39, 2.14",    // 38.5: half up
            "0.00, 0.00, 0.00"})
    void vatShouldRoundHalfUpToTheCent(String net, String vat, String total) {
        Charge c = ChargeCalculator.charge(Money.euros(net), VatRate.ORDINARY, null);

        assertThat(c.vat()).isEqualTo(Money.euros(vat));
        assertThat(c.total()).isEqualTo(Money.euros(total));
    }

    @Test
    void periodsShouldMultiplyThePlanPrice() {
        PlanTerms pro = CATALOG.plan("pro").orElseThrow();

        Charge threeYears = ChargeCalculator.periods(pro, pro.periodsFor(3), null);

        assertThat(threeYears.net()).isEqualTo(Money.euros("75.00"));
        assertThat(threeYears.vat()).isEqualTo(Money.euros("16.50"));
        assertThat(threeYears.total()).isEqualTo(Money.euros("91.50"));
    }

    @Test
    void termYearsShouldBeOneToFiveOnMultiYearPlansAndTheOwnTermOnClassicOnes() {
        PlanTerms standard = CATALOG.plan("standard").orElseThrow();
        PlanTerms classic2 = CATALOG.plan("classic-2y").orElseThrow();

        assertThat(standard.periodsFor(null)).isEqualTo(1);
        assertThat(standard.periodsFor(5)).isEqualTo(5);
        assertThatThrownBy(() -> standard.periodsFor(6)).hasMessageContaining("1..5");
        assertThatThrownBy(() -> standard.periodsFor(0)).hasMessageContaining("1..5");
        assertThat(classic2.periodsFor(2)).isEqualTo(1);
        assertThat(classic2.periodsFor(null)).isEqualTo(1);
        assertThatThrownBy(() -> classic2.periodsFor(1)).hasMessageContaining("24 months");
    }

    @ParameterizedTest(name = "from {0} to {1}: {2} months")
    @CsvSource({
            "2026-03-15T10:00:00Z, 2027-01-31T09:00:00Z, 11",   // 10 months and a half: the started one counts
            "2026-01-31T09:00:00Z, 2027-01-31T09:00:00Z, 12",
            "2027-01-30T09:00:00Z, 2027-01-31T09:00:00Z, 1",
            "2027-01-31T09:00:00Z, 2027-01-31T09:00:00Z, 0",
            "2027-02-01T09:00:00Z, 2027-01-31T09:00:00Z, 0"})
    void monthsLeftShouldCountAStartedMonthAsWhole(String now, String expiry, int months) {
        assertThat(ChargeCalculator.monthsLeft(Instant.parse(now), Instant.parse(expiry), ROME)).isEqualTo(months);
    }

    @Test
    void addOnsShouldBeChargedProRataByTheMonthsLeft() {
        Money extraGb = CATALOG.addOnYearlyPrice(AddOnKind.EXTRA_GB).orElseThrow();   // 6.00 a year

        Charge twoGbForFiveMonths = ChargeCalculator.addOn(extraGb, 2, 5, VatRate.ORDINARY, null);
        Charge oneGbForSevenMonths = ChargeCalculator.addOn(extraGb, 1, 7, VatRate.ORDINARY, null);

        assertThat(twoGbForFiveMonths.net()).isEqualTo(Money.euros("5.00"));
        assertThat(twoGbForFiveMonths.total()).isEqualTo(Money.euros("6.10"));
        assertThat(oneGbForSevenMonths.net()).isEqualTo(Money.euros("3.50"));
        // 2.40 a year for 5 months = 1.00; 1 month of 0.99/12 = 0.0825 -> 0.08
        assertThat(ChargeCalculator.proRata(Money.euros("2.40"), 5)).isEqualTo(Money.euros("1.00"));
        assertThat(ChargeCalculator.proRata(Money.euros("0.99"), 1)).isEqualTo(Money.euros("0.08"));
    }

    @Test
    void anUpgradeShouldCostTheYearlyDifferenceProRataAndADowngradeNothing() {
        PlanTerms standard = CATALOG.plan("standard").orElseThrow();
        PlanTerms premium = CATALOG.plan("premium").orElseThrow();

        Charge up = ChargeCalculator.planChange(standard, premium, 6, null);
        Charge down = ChargeCalculator.planChange(premium, standard, 6, null);

        assertThat(up.net()).isEqualTo(Money.euros("17.50"));
        assertThat(up.total()).isEqualTo(Money.euros("21.35"));
        assertThat(down.isFree()).isTrue();
    }

    @Test
    void discountsShouldComeOffTheNetBeforeVat() {
        Instant now = Instant.parse("2026-05-01T00:00:00Z");
        DiscountRule tenPercent = new DiscountRule("promo10", DiscountKind.PERCENT, 1000, now, null, Set.of(), null, 0);
        DiscountRule fiveEuros = new DiscountRule("CINQUE", DiscountKind.AMOUNT, 500, now, null, Set.of(), 1, 0);

        Charge a = ChargeCalculator.charge(Money.euros("25.00"), VatRate.ORDINARY, tenPercent);
        Charge b = ChargeCalculator.charge(Money.euros("0.99"), VatRate.ORDINARY, fiveEuros);

        assertThat(a.discount()).isEqualTo(Money.euros("2.50"));
        assertThat(a.taxable()).isEqualTo(Money.euros("22.50"));
        assertThat(a.vat()).isEqualTo(Money.euros("4.95"));
        assertThat(a.total()).isEqualTo(Money.euros("27.45"));
        // an amount larger than the price makes it free, never negative
        assertThat(b.discount()).isEqualTo(Money.euros("0.99"));
        assertThat(b.total()).isEqualTo(Money.ZERO);
        assertThat(b.isFree()).isTrue();
    }

    @Test
    void moneyShouldParseAndPrintEuros() {
        assertThat(Money.euros("0.99").cents()).isEqualTo(99);
        assertThat(Money.euros("10").cents()).isEqualTo(1000);
        assertThat(Money.cents(1219)).hasToString("12.19");
        assertThatThrownBy(() -> Money.euros("0.999")).isInstanceOf(ArithmeticException.class);
    }
}
