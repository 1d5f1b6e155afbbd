package it.certmail.pec.receipts.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

import org.junit.jupiter.api.Test;

class PecTimeTest {

    @Test
    void bodyFormShouldMatchArubaWording() {
        ZonedDateTime t = PecTime.local(Instant.ofEpochSecond(1542123566));
        assertThat(PecTime.bodyForm(t)).isEqualTo("Il giorno 13/11/2018 alle ore 16:39:26 (+0100)");
        assertThat(PecTime.day(t)).isEqualTo("13/11/2018");
        assertThat(PecTime.time(t)).isEqualTo("16:39:26");
        assertThat(PecTime.zone(t)).isEqualTo("+0100");
    }

    @Test
    void zoneShouldWriteNegativeAndHalfHourOffsets() {
        Instant t = Instant.parse("2024-07-01T10:00:00Z");
        assertThat(PecTime.zone(t.atZone(ZoneOffset.ofHoursMinutes(-3, -30)))).isEqualTo("-0330");
        assertThat(PecTime.zone(t.atZone(ZoneOffset.ofHoursMinutes(5, 45)))).isEqualTo("+0545");
        assertThat(PecTime.zone(t.atZone(ZoneOffset.UTC))).isEqualTo("+0000");
        assertThat(PecTime.zone(t.atZone(ZoneOffset.ofHours(-12)))).isEqualTo("-1200");
    }

    @Test
    void localShouldUseSummerTimeAndDropFractions() {
        ZonedDateTime t = PecTime.local(Instant.parse("2024-07-01T10:00:00.750Z"));
        assertThat(PecTime.zone(t)).isEqualTo("+0200");
        assertThat(PecTime.time(t)).isEqualTo("12:00:00");
        assertThat(t.getNano()).isZero();
    }

    @Test
    void parseZoneShouldAcceptBothObservedAndRfcForms() {
        assertThat(PecTime.parseZone("+0100")).contains(ZoneOffset.ofHours(1));
        assertThat(PecTime.parseZone(" +01:00 ")).contains(ZoneOffset.ofHours(1));
        assertThat(PecTime.parseZone("-0530")).contains(ZoneOffset.ofHoursMinutes(-5, -30));
        assertThat(PecTime.parseZone("CET")).isEmpty();
        assertThat(PecTime.parseZone("+2500")).isEmpty();
        assertThat(PecTime.parseZone(null)).isEmpty();
    }

    @Test
    void parseShouldKeepForeignOffsetsAndRejectImpossibleDates() {
        assertThat(PecTime.parse("13/11/2018", "16:39:26", "+0100"))
                .contains(ZonedDateTime.of(2018, 11, 13, 16, 39, 26, 0, PecTime.ROME));
        assertThat(PecTime.parse("13/11/2018", "16:39:26", "+0000").orElseThrow().getZone())
                .isEqualTo(ZoneOffset.UTC);
        assertThat(PecTime.parse("31/02/2018", "16:39:26", "+0100")).isEmpty();
        assertThat(PecTime.parse("13/11/2018", "24:00:00", "+0100")).isEmpty();
        assertThat(PecTime.parse("2018-11-13", "16:39:26", "+0100")).isEmpty();
    }
}
