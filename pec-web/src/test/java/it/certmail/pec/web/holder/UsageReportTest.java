package it.certmail.pec.web.holder;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.List;

import org.junit.jupiter.api.Test;

import it.certmail.pec.web.holder.UsageReport.Entry;
import it.certmail.pec.web.holder.UsageReport.Month;

class UsageReportTest {

    private static final ZoneId ROME = ZoneId.of("Europe/Rome");
    private static final String ME = "mario@pec.test";

    @Test
    void reportShouldCountSentReceivedAndAnomaliesPerMonth() {
        List<Month> months = UsageReport.of(List.of(
                new Entry(Instant.parse("2026-11-03T10:00:00Z"), "ACCETTAZIONE", ME, "luigi@pec.test"),
                new Entry(Instant.parse("2026-11-03T10:00:01Z"), "CONSEGNA", ME, "luigi@pec.test"),
                new Entry(Instant.parse("2026-11-20T10:00:00Z"), "CONSEGNA", "luigi@pec.test", "anna@pec.test " + ME),
                new Entry(Instant.parse("2026-12-01T09:00:00Z"), "MANCATA_CONSEGNA", ME, "x@pec.test"),
                new Entry(Instant.parse("2026-12-01T09:00:00Z"), "ACCETTAZIONE", "MARIO@pec.test", "x@pec.test")),
                ME, ROME);
        assertThat(months).containsExactly(
                new Month(YearMonth.of(2026, 11), 1, 1, 0),
                new Month(YearMonth.of(2026, 12), 1, 0, 1));
    }

    @Test
    void monthShouldFollowTheServiceZone() {
        // 23:30 UTC on 30 November is already December in Rome
        List<Month> months = UsageReport.of(List.of(
                new Entry(Instant.parse("2026-11-30T23:30:00Z"), "ACCETTAZIONE", ME, "x@pec.test")), ME, ROME);
        assertThat(months).extracting(Month::month).containsExactly(YearMonth.of(2026, 12));
    }

    @Test
    void anAddressContainingAnotherShouldNotCountAsIt() {
        List<Month> months = UsageReport.of(List.of(
                new Entry(Instant.parse("2026-11-03T10:00:00Z"), "CONSEGNA", "x@pec.test", "amario@pec.test")), ME, ROME);
        assertThat(months).containsExactly(new Month(YearMonth.of(2026, 11), 0, 0, 0));
    }
}
