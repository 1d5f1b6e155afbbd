package it.certmail.pec.web.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import it.certmail.pec.log.model.LogEventType;

class HourlyActivityTest {

    private static final ZoneId ROME = ZoneId.of("Europe/Rome");

    @Test
    void hourStartsShouldBeTwentyFourWholeHoursEndingWithTheCurrentOne() {
        List<Instant> hours = HourlyActivity.hourStarts(Instant.parse("2026-12-06T10:17:42Z"));
        assertThat(hours).hasSize(24);
        assertThat(hours.get(23)).isEqualTo(Instant.parse("2026-12-06T10:00:00Z"));
        assertThat(hours.get(0)).isEqualTo(Instant.parse("2026-12-05T11:00:00Z"));
    }

    @Test
    void kindsShouldGroupTheLogEventsAnOperatorWatches() {
        Map<LogEventType, Long> hour = Map.of(LogEventType.ACCETTAZIONE, 5L, LogEventType.CONSEGNA, 4L,
                LogEventType.RILEVAZIONE_VIRUS, 1L, LogEventType.MANCATA_CONSEGNA_VIRUS, 2L,
                LogEventType.NON_ACCETTAZIONE_VIRUS, 3L, LogEventType.MANCATA_CONSEGNA_24H, 7L,
                LogEventType.INOLTRO, 100L);
        assertThat(HourlyActivity.count(hour, HourlyActivity.Kind.ACCEPTED)).isEqualTo(5);
        assertThat(HourlyActivity.count(hour, HourlyActivity.Kind.DELIVERED)).isEqualTo(4);
        assertThat(HourlyActivity.count(hour, HourlyActivity.Kind.VIRUS)).isEqualTo(6);
        assertThat(HourlyActivity.count(hour, HourlyActivity.Kind.NOT_DELIVERED)).isEqualTo(7);
        assertThat(HourlyActivity.count(hour, HourlyActivity.Kind.NOT_ACCEPTED)).isZero();
    }

    @Test
    void chartShouldLabelHoursInRomeTimeAndCarryOneValuePerHour() {
        // Rome moves to summer time at 01:00 UTC on 29 March 2026
        List<Instant> hours = HourlyActivity.hourStarts(Instant.parse("2026-03-29T01:30:00Z"));
        List<Map<LogEventType, Long>> counts = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            counts.add(i == 23 ? Map.of(LogEventType.ACCETTAZIONE, 9L) : Map.of());
        }
        String json = HourlyActivity.chartJson(hours, counts, Map.of(HourlyActivity.Kind.ACCEPTED, "Accettati \"PEC\""),
                ROME);
        assertThat(json).startsWith("{\"type\":\"bar\"")
                .contains("\"label\":\"Accettati \\\"PEC\\\"\"")
                .contains("\"data\":[0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,9]")
                // 00:00 and 01:00 UTC are 01:00 (CET) and 03:00 (CEST) in Rome: the clock jumped
                .contains("\"01:00\",\"03:00\"]");
    }

    @Test
    void quoteShouldKeepTheJsonInsideAScriptElement() {
        assertThat(HourlyActivity.quote("</script>")).isEqualTo("\"\\u003c/script>\"");
    }

    @Test
    void chartShouldRefuseCountsThatDoNotMatchTheHours() {
        assertThatThrownBy(() -> HourlyActivity.chartJson(HourlyActivity.hourStarts(Instant.EPOCH), List.of(), Map.of(),
                ROME)).isInstanceOf(IllegalArgumentException.class);
    }
}
