package it.certmail.pec.platform.domain;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A {@link FreeSpaceGuard} and whether it was short at the last check, so that its user logs once when the space
 * runs short and once when it comes back, however many threads ask in between. Thread-safe.
 */
public final class FreeSpaceWatch {

    /** What a check found, and whether it is a change since the check before. */
    public enum Change { NONE, NOW_SHORT, ROOM_AGAIN }

    /** One check: the reading and the change it makes. */
    public record Check(FreeSpaceGuard.Reading reading, Change change) {

        public boolean enough() {
            return reading.enough();
        }
    }

    private final FreeSpaceGuard guard;
    private final AtomicBoolean wasShort = new AtomicBoolean();

    public FreeSpaceWatch(FreeSpaceGuard guard) {
        this.guard = guard;
    }

    public FreeSpaceGuard guard() {
        return guard;
    }

    /** Reads the guard (a reading lasts its {@code maxAge}); exactly one caller sees each change. */
    public Check check() {
        FreeSpaceGuard.Reading r = guard.reading();
        boolean nowShort = !r.enough();
        if (wasShort.compareAndSet(!nowShort, nowShort)) {
            return new Check(r, nowShort ? Change.NOW_SHORT : Change.ROOM_AGAIN);
        }
        return new Check(r, Change.NONE);
    }
}
