package it.certmail.pec.security.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

class OneTimeCodesTest {

    private static final Instant T0 = Instant.parse("2026-12-06T10:00:00Z");
    private static final String KEY = "recovery:mario@pec.test";

    private final OneTimeCodes codes = new OneTimeCodes(new SecureRandom());

    private String issue(Instant at) {
        return codes.issue(KEY, at).code().orElseThrow();
    }

    @Test
    void codeShouldBeSixDigits() {
        assertThat(issue(T0)).matches("\\d{6}");
    }

    @Test
    void codeShouldWorkOnlyOnce() {
        String code = issue(T0);
        assertThat(codes.redeem(KEY, code, T0.plusSeconds(10))).isTrue();
        assertThat(codes.redeem(KEY, code, T0.plusSeconds(11))).isFalse();
    }

    @Test
    void codeShouldExpireAfterFifteenMinutes() {
        String code = issue(T0);
        assertThat(codes.redeem(KEY, code, T0.plus(OneTimeCodes.VALIDITY))).isFalse();
        String next = issue(T0.plus(OneTimeCodes.VALIDITY));
        assertThat(codes.redeem(KEY, next, T0.plus(OneTimeCodes.VALIDITY).plus(Duration.ofMinutes(14)))).isTrue();
    }

    @Test
    void codeShouldDieAfterTooManyWrongGuesses() {
        String code = issue(T0);
        String wrong = code.equals("000000") ? "111111" : "000000";
        for (int i = 0; i < OneTimeCodes.MAX_GUESSES; i++) {
            assertThat(codes.redeem(KEY, wrong, T0)).isFalse();
        }
        assertThat(codes.redeem(KEY, code, T0)).as("gone after the wrong guesses").isFalse();
    }

    @Test
    void codeShouldNotOpenAnotherKey() {
        String code = issue(T0);
        assertThat(codes.redeem("recovery:other@pec.test", code, T0)).isFalse();
        assertThat(codes.redeem(KEY, code, T0)).isTrue();
    }

    @Test
    void newCodeShouldReplaceTheOldOne() {
        String first = issue(T0);
        String second = issue(T0.plusSeconds(5));
        if (!first.equals(second)) {
            assertThat(codes.redeem(KEY, first, T0.plusSeconds(6))).isFalse();
        }
        assertThat(codes.redeem(KEY, second, T0.plusSeconds(7))).isTrue();
    }

    @Test
    void issuingShouldBeLimitedPerHour() {
        for (int i = 0; i < OneTimeCodes.MAX_ISSUED_PER_HOUR; i++) {
            assertThat(codes.issue(KEY, T0.plusSeconds(i)).code()).isPresent();
        }
        OneTimeCodes.Issue refused = codes.issue(KEY, T0.plusSeconds(60));
        assertThat(refused.code()).isEmpty();
        assertThat(refused.retryAfter()).isEqualTo(Duration.ofHours(1).minusSeconds(60));
        assertThat(codes.issue("recovery:other@pec.test", T0.plusSeconds(60)).code()).as("per key").isPresent();
        assertThat(codes.issue(KEY, T0.plus(Duration.ofHours(1))).code()).as("after the hour").isPresent();
    }
}
