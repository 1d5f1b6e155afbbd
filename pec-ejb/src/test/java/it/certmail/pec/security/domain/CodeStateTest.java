package it.certmail.pec.security.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

class CodeStateTest {

    private static final Instant T0 = Instant.parse("2026-12-06T08:00:00Z");
    private static final SecureRandom RANDOM = new SecureRandom();

    @Test
    void aCodeWorksOnceWithinItsValidityAndOnlyItsHashIsKept() {
        CodeState.Issued i = CodeState.NONE.issue("recovery:a@pec.test", T0, RANDOM);
        String code = i.code().orElseThrow();
        assertThat(code).hasSize(6).containsOnlyDigits();
        assertThat(i.next().codeHash()).isNotEqualTo(code).hasSize(64);
        CodeState.Redeemed ok = i.next().redeem("recovery:a@pec.test", code, T0.plusSeconds(60));
        assertThat(ok.accepted()).isTrue();
        assertThat(ok.next().redeem("recovery:a@pec.test", code, T0.plusSeconds(61)).accepted()).isFalse();
    }

    @Test
    void anExpiredCodeOrAnotherKeysCodeIsRefused() {
        CodeState.Issued i = CodeState.NONE.issue("k", T0, RANDOM);
        assertThat(i.next().redeem("k", i.code().get(), T0.plus(OneTimeCodes.VALIDITY)).accepted()).isFalse();
        assertThat(i.next().redeem("other", i.code().get(), T0).accepted()).isFalse();
    }

    @Test
    void fiveWrongGuessesKillTheCode() {
        CodeState.Issued i = CodeState.NONE.issue("k", T0, RANDOM);
        String wrong = i.code().get().equals("000000") ? "111111" : "000000";
        CodeState s = i.next();
        for (int n = 0; n < OneTimeCodes.MAX_GUESSES; n++) {
            s = s.redeem("k", wrong, T0).next();
        }
        assertThat(s.redeem("k", i.code().get(), T0).accepted()).isFalse();
    }

    @Test
    void threeCodesAnHourThenTheWaitIsSaid() {
        CodeState s = CodeState.NONE;
        for (int n = 0; n < OneTimeCodes.MAX_ISSUED_PER_HOUR; n++) {
            s = s.issue("k", T0.plusSeconds(n * 60L), RANDOM).next();
        }
        CodeState.Issued refused = s.issue("k", T0.plusSeconds(600), RANDOM);
        assertThat(refused.code()).isEmpty();
        assertThat(refused.retryAfter()).isEqualTo(Duration.ofMinutes(50));
        assertThat(refused.next().issue("k", T0.plus(Duration.ofHours(1)), RANDOM).code()).isPresent();
    }

    @Test
    void issueTimesSurviveTheirColumn() {
        CodeState s = CodeState.NONE.issue("k", T0, RANDOM).next().issue("k", T0.plusMillis(1500), RANDOM).next();
        assertThat(CodeState.parseIssuedAt(s.issuedAtText())).isEqualTo(s.issuedAt());
        assertThat(CodeState.parseIssuedAt("")).isEmpty();
    }
}
