package it.certmail.pec.platform.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class FreeSpaceGuardTest {

    private static final long MB = 1024 * 1024;
    private final AtomicLong nanos = new AtomicLong();
    private final AtomicLong free = new AtomicLong(500 * MB);
    private final AtomicInteger reads = new AtomicInteger();
    private final FreeSpaceGuard.Probe disk = () -> {
        reads.incrementAndGet();
        return free.get();
    };

    private FreeSpaceGuard guard(long minFree, FreeSpaceGuard.Probe... probes) {
        return new FreeSpaceGuard(List.of(probes), minFree, Duration.ofSeconds(1), nanos::get);
    }

    @Test
    void shouldRefuseBelowTheMinimumAndTakeMailAgainWhenSpaceReturns() {
        FreeSpaceGuard guard = guard(256 * MB, disk);
        assertThat(guard.hasRoom()).isTrue();
        free.set(256 * MB - 1);
        nanos.addAndGet(Duration.ofSeconds(1).toNanos());
        assertThat(guard.hasRoom()).isFalse();
        assertThat(guard.reading().leastFreeBytes()).isEqualTo(256 * MB - 1);
        free.set(256 * MB);
        nanos.addAndGet(Duration.ofSeconds(1).toNanos());
        assertThat(guard.hasRoom()).as("exactly the minimum is enough").isTrue();
    }

    @Test
    void aReadingShouldBeReusedForItsLifetimeOnly() {
        FreeSpaceGuard guard = guard(100 * MB, disk);
        for (int i = 0; i < 1000; i++) {
            assertThat(guard.hasRoom()).isTrue();
            nanos.addAndGet(Duration.ofMillis(0).toNanos() + 900); // a thousand checks within a millisecond
        }
        assertThat(reads).hasValue(1);
        free.set(MB);
        nanos.addAndGet(Duration.ofMillis(998).toNanos());
        assertThat(guard.hasRoom()).as("still the old reading").isTrue();
        nanos.addAndGet(Duration.ofMillis(2).toNanos());
        assertThat(guard.hasRoom()).as("a second old: read again").isFalse();
        assertThat(reads).hasValue(2);
    }

    @Test
    void theFullestFileSystemShouldDecide() {
        FreeSpaceGuard guard = guard(100 * MB, disk, () -> 10 * MB);
        assertThat(guard.hasRoom()).isFalse();
        assertThat(guard.reading().leastFreeBytes()).isEqualTo(10 * MB);
    }

    @Test
    void anUnreadableFileSystemShouldRefuseAndSayWhy() {
        FreeSpaceGuard guard = guard(100 * MB, disk, () -> {
            throw new IOException("stale NFS handle");
        });
        FreeSpaceGuard.Reading r = guard.reading();
        assertThat(r.enough()).isFalse();
        assertThat(r.failure()).isEqualTo("stale NFS handle");
    }

    @Test
    void zeroShouldSwitchTheGuardOffWithoutReadingAnything() {
        free.set(0);
        FreeSpaceGuard guard = guard(0, disk);
        assertThat(guard.hasRoom()).isTrue();
        assertThat(reads).hasValue(0);
    }

    @Test
    void aNegativeMinimumShouldBeRefused() {
        assertThatThrownBy(() -> guard(-1, disk)).isInstanceOf(IllegalArgumentException.class);
    }
}
