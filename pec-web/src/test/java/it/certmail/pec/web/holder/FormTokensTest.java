package it.certmail.pec.web.holder;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FormTokensTest {

    private final FormTokens tokens = new FormTokens();

    @Test
    void tokenShouldBeRedeemedOnce() {
        String t = tokens.issue();
        assertThat(tokens.redeem(t)).isTrue();
        assertThat(tokens.redeem(t)).as("the same form posted twice").isFalse();
    }

    @Test
    void unknownTokenShouldBeRefused() {
        assertThat(tokens.redeem("made-up")).isFalse();
        assertThat(tokens.redeem(null)).isFalse();
    }

    @Test
    void givenBackTokenShouldWorkAgain() {
        String t = tokens.issue();
        assertThat(tokens.redeem(t)).isTrue();
        tokens.giveBack(t);
        assertThat(tokens.redeem(t)).isTrue();
    }

    @Test
    void oldestTokensShouldBeForgottenBeyondTheLimit() {
        String first = tokens.issue();
        for (int i = 0; i < FormTokens.MAX_TOKENS; i++) {
            tokens.issue();
        }
        assertThat(tokens.view()).hasSize(FormTokens.MAX_TOKENS);
        assertThat(tokens.redeem(first)).isFalse();
    }
}
