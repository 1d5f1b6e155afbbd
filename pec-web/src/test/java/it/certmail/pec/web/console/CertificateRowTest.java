package it.certmail.pec.web.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import it.certmail.pec.crypto.LocalPki;
import it.certmail.pec.web.console.ConsoleViews.CertificateRow;

class CertificateRowTest {

    private static final Instant ISSUED = Instant.parse("2026-01-10T09:00:00Z");
    private static final LocalPki.CertificateAuthority CA = new LocalPki().createCa("PEC Prova", ISSUED);

    @Test
    void daysLeftShouldCountWholeDaysUntilTheEndOfValidity() {
        Instant notAfter = CA.certificate().getNotAfter().toInstant();
        CertificateRow fresh = CertificateRow.of("dashboard.cert.ca", CA.certificate(), ISSUED);
        assertThat(fresh.daysLeft()).isBetween(LocalPki.CA_VALIDITY.toDays() - 1, LocalPki.CA_VALIDITY.toDays());
        assertThat(fresh.warning()).isFalse();
        assertThat(fresh.subject()).contains("PEC Prova");

        CertificateRow soon = CertificateRow.of("dashboard.cert.ca", CA.certificate(),
                notAfter.minus(Duration.ofDays(10)).minusSeconds(60));
        assertThat(soon.daysLeft()).isEqualTo(10);
        assertThat(soon.warning()).isTrue();
        assertThat(CertificateRow.of("x", CA.certificate(), notAfter.minus(Duration.ofDays(30))).warning()).isFalse();
    }

    @Test
    void anExpiredCertificateShouldHaveNegativeDaysLeft() {
        Instant notAfter = CA.certificate().getNotAfter().toInstant();
        CertificateRow expired = CertificateRow.of("x", CA.certificate(), notAfter.plus(Duration.ofHours(1)));
        assertThat(expired.daysLeft()).isEqualTo(-1);
        assertThat(expired.warning()).isTrue();
    }
}
