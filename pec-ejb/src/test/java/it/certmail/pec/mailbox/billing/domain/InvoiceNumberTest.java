package it.certmail.pec.mailbox.billing.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

class InvoiceNumberTest {

    @Test
    void theFiscalYearShouldBeRomesNotUtcs() {
        // 31 December 23:30 UTC is already 1 January in Rome
        assertThat(InvoiceNumber.yearOf(Instant.parse("2026-12-31T23:30:00Z"))).isEqualTo(2027);
        assertThat(InvoiceNumber.yearOf(Instant.parse("2026-12-31T22:59:59Z"))).isEqualTo(2026);
    }

    @Test
    void numbersShouldFollowWithoutGapsAndPrintWithTheYear() {
        InvoiceNumber first = InvoiceNumber.next(2026, 0);
        InvoiceNumber second = InvoiceNumber.next(2026, first.sequence());

        assertThat(first).hasToString("2026/000001");
        assertThat(second).hasToString("2026/000002");
        assertThat(second).isGreaterThan(first);
        assertThat(InvoiceNumber.next(2027, 0)).isGreaterThan(second);
    }
}
