package it.certmail.pec.mailbox.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

import it.certmail.pec.mailbox.domain.ArchivePolicy.Kind;

class ArchivePolicyTest {

    @Test
    void chosenKindsShouldCoverTheirPecKindsOnly() {
        assertThat(ArchivePolicy.covers(EnumSet.of(Kind.MESSAGES), "TRANSPORT_ENVELOPE")).isTrue();
        assertThat(ArchivePolicy.covers(EnumSet.of(Kind.MESSAGES), "DELIVERY")).isFalse();
        assertThat(ArchivePolicy.covers(EnumSet.of(Kind.RECEIPTS), "DELIVERY")).isTrue();
        assertThat(ArchivePolicy.covers(EnumSet.of(Kind.RECEIPTS), "ACCEPTANCE")).isTrue();
        assertThat(ArchivePolicy.covers(EnumSet.of(Kind.RECEIPTS), "TRANSPORT_ENVELOPE")).isFalse();
        assertThat(ArchivePolicy.covers(EnumSet.allOf(Kind.class), "ORDINARY")).isFalse();
        assertThat(ArchivePolicy.covers(EnumSet.allOf(Kind.class), "ANOMALY_ENVELOPE")).isFalse();
        assertThat(ArchivePolicy.covers(EnumSet.allOf(Kind.class), null)).isFalse();
        assertThat(ArchivePolicy.covers(Set.of(), "TRANSPORT_ENVELOPE")).isFalse();
    }

    @Test
    void theArchiveShouldTakeWhatFitsItsOwnQuota() {
        assertThat(ArchivePolicy.fits(0, 100, 100)).isTrue();
        assertThat(ArchivePolicy.fits(1, 100, 100)).isFalse();
        assertThat(ArchivePolicy.fits(0, 0, 0)).as("no archive in the plan").isFalse();
        assertThat(ArchivePolicy.fits(Long.MAX_VALUE - 1, Long.MAX_VALUE, 2)).as("no overflow").isFalse();
    }
}
