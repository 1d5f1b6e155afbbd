package it.certmail.pec.mailbox.billing.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PaymentTokensTest {

    @Test
    void onlyTheLastFourCharactersShow() {
        assertThat(PaymentTokens.masked("tok-visa-4242")).isEqualTo("•••• 4242");
        assertThat(PaymentTokens.masked(" tok-1234 ")).isEqualTo("•••• 1234");
    }

    @Test
    void aShortTokenShowsNothingOfItself() {
        assertThat(PaymentTokens.masked("1234")).isEqualTo("••••");
        assertThat(PaymentTokens.masked("ab")).isEqualTo("••••");
    }
}
