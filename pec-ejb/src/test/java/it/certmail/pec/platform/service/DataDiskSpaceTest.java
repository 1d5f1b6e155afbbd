package it.certmail.pec.platform.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;

import org.junit.jupiter.api.Test;

/** The work threshold {@code pec.storage.work-min-free-mb} as the operator's settings make it. */
class DataDiskSpaceTest {

    @Test
    void unsetShouldBeHalfTheIntakeMinimum() {
        assertThat(DataDiskSpace.workMinimumMb(256, Optional.empty())).isEqualTo(128);
    }

    @Test
    void aConfiguredValueShouldBeUsedButNeverAboveTheIntakeMinimum() {
        assertThat(DataDiskSpace.workMinimumMb(256, Optional.of(40L))).isEqualTo(40);
        assertThat(DataDiskSpace.workMinimumMb(256, Optional.of(1000L))).isEqualTo(256);
        assertThat(DataDiskSpace.workMinimumMb(256, Optional.of(0L))).as("the operator turns the pause off").isZero();
    }

    @Test
    void theGuardOffShouldTurnThePauseOffToo() {
        assertThat(DataDiskSpace.workMinimumMb(0, Optional.empty())).isZero();
        assertThat(DataDiskSpace.workMinimumMb(0, Optional.of(64L))).isZero();
    }
}
