package it.certmail.pec.platform.domain;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Spazio minimo sul disco dei dati, as Postfix's {@code queue_minfree}: new mail (a submission, a reception, an IMAP
 * APPEND) is taken only while every watched file system keeps at least {@code minFreeBytes} free. The margin is for
 * what must still be written once mail is refused: the receipts, deliveries and relays of what was already accepted,
 * and the database's own bookkeeping. A database that meets a full disk mid-write may close itself (H2 does) and
 * stay closed after space returns; a refusal at the door never damages anything, and clears when space returns.
 *
 * <p>Reading free space costs a system call per file system, so a reading is reused for {@code maxAge}: under load
 * the check costs nothing, and a refusal lifts at most {@code maxAge} after space came back. Thread-safe.
 */
public final class FreeSpaceGuard {

    /** Usable bytes of one file system; throws when it cannot be read. */
    @FunctionalInterface
    public interface Probe {
        long usableBytes() throws IOException;
    }

    /** One reading: the least usable bytes over the watched file systems, and whether that is enough. */
    public record Reading(long leastFreeBytes, boolean enough, String failure) {
    }

    private static final Reading DISABLED = new Reading(Long.MAX_VALUE, true, null);

    private final List<Probe> probes;
    private final long minFreeBytes;
    private final long maxAgeNanos;
    private final LongSupplier nanoTime;
    private volatile Reading last;
    private volatile long lastAt;

    /**
     * @param probes       the file systems to watch (the data directory's, the spool's if elsewhere)
     * @param minFreeBytes the least free space each must keep; 0 disables the guard
     * @param maxAge       how long a reading is reused
     * @param nanoTime     the monotonic time source ({@code System::nanoTime})
     */
    public FreeSpaceGuard(List<Probe> probes, long minFreeBytes, Duration maxAge, LongSupplier nanoTime) {
        this.probes = List.copyOf(probes);
        if (minFreeBytes < 0) {
            throw new IllegalArgumentException("minimum free space < 0: " + minFreeBytes);
        }
        this.minFreeBytes = minFreeBytes;
        this.maxAgeNanos = maxAge.toNanos();
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
    }

    public long minFreeBytes() {
        return minFreeBytes;
    }

    /** True when new mail may be taken now. */
    public boolean hasRoom() {
        return reading().enough();
    }

    /** The current reading, read again when older than {@code maxAge}. */
    public Reading reading() {
        if (minFreeBytes == 0 || probes.isEmpty()) {
            return DISABLED;
        }
        long now = nanoTime.getAsLong();
        Reading r = last;
        if (r != null && now - lastAt < maxAgeNanos) {
            return r;
        }
        r = read();
        last = r;
        lastAt = now;
        return r;
    }

    private Reading read() {
        long least = Long.MAX_VALUE;
        for (Probe probe : probes) {
            try {
                least = Math.min(least, probe.usableBytes());
            } catch (IOException | RuntimeException e) {
                // a file system that cannot be read is no place to write mail into: refuse until it can
                return new Reading(0, false, String.valueOf(e.getMessage()));
            }
        }
        return new Reading(least, least >= minFreeBytes, null);
    }
}
