package it.certmail.pec.platform.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import it.certmail.pec.platform.domain.FreeSpaceWatch.Change;

/**
 * The pause decision of the work loops, with a fake disk: intake refused below the minimum, work paused below the
 * lower work threshold, each change seen once however many loops ask, and both going on by themselves.
 */
class FreeSpaceWatchTest {

    private static final long MB = 1024 * 1024;
    private final AtomicLong nanos = new AtomicLong();
    private final AtomicLong free = new AtomicLong(500 * MB);
    private final FreeSpaceGuard.Probe disk = free::get;

    private FreeSpaceWatch watch(long minFree, FreeSpaceGuard.Probe probe) {
        return new FreeSpaceWatch(new FreeSpaceGuard(List.of(probe), minFree, Duration.ofSeconds(1), nanos::get));
    }

    private void later() {
        nanos.addAndGet(Duration.ofSeconds(1).toNanos());
    }

    @Test
    void workShouldPauseOnlyBelowTheLowerThresholdAndGoOnWhenSpaceReturns() {
        FreeSpaceWatch intake = watch(256 * MB, disk);
        FreeSpaceWatch work = watch(128 * MB, disk);
        assertThat(work.check()).extracting(FreeSpaceWatch.Check::enough, FreeSpaceWatch.Check::change)
                .containsExactly(true, Change.NONE);

        free.set(200 * MB);
        later();
        assertThat(intake.check().enough()).as("new mail refused").isFalse();
        assertThat(work.check().enough()).as("accepted work goes on").isTrue();

        free.set(128 * MB - 1);
        later();
        FreeSpaceWatch.Check paused = work.check();
        assertThat(paused.enough()).isFalse();
        assertThat(paused.change()).isEqualTo(Change.NOW_SHORT);
        assertThat(paused.reading().leastFreeBytes()).isEqualTo(128 * MB - 1);

        free.set(128 * MB);
        later();
        assertThat(work.check()).extracting(FreeSpaceWatch.Check::enough, FreeSpaceWatch.Check::change)
                .containsExactly(true, Change.ROOM_AGAIN);
    }

    @Test
    void eachChangeShouldBeSeenOnceHoweverManyLoopsAsk() {
        FreeSpaceWatch work = watch(128 * MB, disk);
        free.set(MB);
        later();
        assertThat(work.check().change()).isEqualTo(Change.NOW_SHORT);
        for (int i = 0; i < 100; i++) {
            later();
            FreeSpaceWatch.Check again = work.check();
            assertThat(again.enough()).isFalse();
            assertThat(again.change()).isEqualTo(Change.NONE);
        }
        free.set(300 * MB);
        later();
        assertThat(work.check().change()).isEqualTo(Change.ROOM_AGAIN);
        later();
        assertThat(work.check().change()).isEqualTo(Change.NONE);
    }

    @Test
    void aDiskThatCannotBeReadShouldPauseTheWork() {
        FreeSpaceWatch work = watch(128 * MB, () -> {
            throw new IOException("no such device");
        });

        FreeSpaceWatch.Check c = work.check();

        assertThat(c.enough()).isFalse();
        assertThat(c.change()).isEqualTo(Change.NOW_SHORT);
        assertThat(c.reading().failure()).isEqualTo("no such device");
    }

    @Test
    void aThresholdOfZeroShouldNeverPause() {
        FreeSpaceWatch work = watch(0, disk);
        free.set(0);

        assertThat(work.check()).extracting(FreeSpaceWatch.Check::enough, FreeSpaceWatch.Check::change)
                .containsExactly(true, Change.NONE);
    }
}
