package it.certmail.pec.log.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.YearMonth;

import org.junit.jupiter.api.Test;

class RetentionPolicyTest {

    @Test
    void firstKeptMonthShouldBeThirtyMonthsBeforeTheCurrentOne() {
        Instant now = Instant.parse("2026-11-23T10:00:00Z");
        assertThat(RetentionPolicy.PEC_LOG.firstKeptMonth(now)).isEqualTo(YearMonth.of(2024, 5));
        assertThat(RetentionPolicy.PEC_LOG.cutoff(now)).isEqualTo(Instant.parse("2024-05-01T00:00:00Z"));
    }

    @Test
    void policyShouldRefuseLessThanTheLegalThirtyMonths() {
        assertThatThrownBy(() -> new RetentionPolicy(29)).isInstanceOf(IllegalArgumentException.class);
    }
}
