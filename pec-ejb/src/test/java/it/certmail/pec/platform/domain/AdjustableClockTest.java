package it.certmail.pec.platform.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

class AdjustableClockTest {

    private final Instant start = Instant.parse("2026-01-01T10:00:00Z");
    private final AdjustableClock clock = new AdjustableClock(Clock.fixed(start, ZoneOffset.UTC));

    @Test
    void advanceShouldMoveTimeForwardCumulatively() {
        clock.advance(Duration.ofHours(12));
        clock.advance(Duration.ofHours(13));
        assertThat(clock.instant()).isEqualTo(start.plus(Duration.ofHours(25)));
    }

    @Test
    void advanceShouldRefuseGoingBackwards() {
        assertThatThrownBy(() -> clock.advance(Duration.ofHours(-1))).isInstanceOf(IllegalArgumentException.class);
        assertThat(clock.instant()).isEqualTo(start);
    }

    @Test
    void withZoneShouldShareTheOffset() {
        Clock rome = clock.withZone(java.time.ZoneId.of("Europe/Rome"));
        clock.advance(Duration.ofDays(1));
        assertThat(rome.instant()).isEqualTo(start.plus(Duration.ofDays(1)));
    }
}
