package it.certmail.pec.mailbox.billing.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PlanChangeTest {

    private static final long GIB = 1L << 30;
    private static final PriceList CATALOG = PriceList.presets();
    private static final PlanTerms STANDARD = CATALOG.plan("standard").orElseThrow();
    private static final PlanTerms PRO = CATALOG.plan("pro").orElseThrow();
    private static final PlanTerms PREMIUM = CATALOG.plan("premium").orElseThrow();

    @Test
    void anUpgradeShouldBeAllowedWhateverTheContent() {
        PlanChange c = PlanChange.evaluate(STANDARD, PREMIUM, new StorageUse(GIB, 0), 0, 0);

        assertThat(c.upgrade()).isTrue();
        assertThat(c.deletesArchive()).isFalse();
        assertThat(c.refusal()).isEmpty();
    }

    @Test
    void aDowngradeShouldBeRefusedUntilTheContentFits() {
        PlanChange full = PlanChange.evaluate(PRO, STANDARD, new StorageUse(GIB + 1, GIB), 0, 0);
        PlanChange fits = PlanChange.evaluate(PRO, STANDARD, new StorageUse(GIB, GIB), 0, 0);

        assertThat(full.upgrade()).isFalse();
        assertThat(full.refusal()).hasValueSatisfying(m -> assertThat(m).contains("liberare spazio"));
        assertThat(fits.refusal()).isEmpty();
        // standard has no archive: the downgrade deletes it, so its content does not count
        assertThat(fits.deletesArchive()).isTrue();
    }

    @Test
    void aDowngradeShouldCountSpaceAddOnsStillRunning() {
        assertThat(PlanChange.evaluate(PRO, STANDARD, new StorageUse(2 * GIB, 0), GIB, 0).refusal()).isEmpty();
    }

    @Test
    void aDowngradeKeepingAnArchiveShouldNeedTheArchiveToFit() {
        PlanChange c = PlanChange.evaluate(PREMIUM, PRO, new StorageUse(GIB, 5 * GIB), 0, 0);

        assertThat(c.deletesArchive()).isFalse();
        assertThat(c.refusal()).hasValueSatisfying(m -> assertThat(m).contains("archivio"));
    }

    @Test
    void theSamePlanShouldBeRefused() {
        assertThat(PlanChange.evaluate(PRO, PRO, new StorageUse(0, 0), 0, 0).refusal()).isPresent();
    }
}
