package it.certmail.pec.mailbox.billing.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;

import org.junit.jupiter.api.Test;

class MoneyFormatTest {

    @Test
    void italianPutsTheEuroAfterACommaDecimal() {
        assertThat(Money.cents(5000).format(Locale.ITALIAN)).isEqualTo("50,00\u00a0€");
        assertThat(Money.cents(123450).format(Locale.ITALIAN)).isEqualTo("1.234,50\u00a0€");
        assertThat(Money.cents(5).format(Locale.ITALY)).isEqualTo("0,05\u00a0€");
    }

    @Test
    void englishPutsTheEuroFirstWithADecimalPoint() {
        assertThat(Money.cents(5000).format(Locale.ENGLISH)).isEqualTo("€50.00");
        assertThat(Money.cents(123450).format(Locale.ENGLISH)).isEqualTo("€1,234.50");
    }

    @Test
    void aRefundKeepsItsSign() {
        assertThat(Money.cents(-250).format(Locale.ITALIAN)).isEqualTo("-2,50\u00a0€");
    }
}
