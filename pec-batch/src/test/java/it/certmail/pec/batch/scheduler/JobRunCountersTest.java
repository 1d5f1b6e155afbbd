package it.certmail.pec.batch.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class JobRunCountersTest {

    @Test
    void runsShouldBeCountedPerJobByOutcomeWithTheirTime() {
        JobRunCounters counters = new JobRunCounters();
        counters.finished("notices", true, Duration.ofMillis(1500));
        counters.finished("notices", false, Duration.ofMillis(500));
        counters.finished("billing", true, Duration.ofSeconds(3));

        assertThat(counters.snapshot()).containsOnlyKeys("billing", "notices");
        assertThat(counters.snapshot().get("notices")).isEqualTo(new JobRunCounters.Totals(1, 1, 2.0));
        assertThat(counters.snapshot().get("billing")).isEqualTo(new JobRunCounters.Totals(1, 0, 3.0));
    }

    @Test
    void aNegativeDurationShouldCountAsZero() {
        JobRunCounters counters = new JobRunCounters();
        counters.finished("x", true, Duration.ofSeconds(-5));
        assertThat(counters.snapshot().get("x").seconds()).isZero();
    }
}
