package it.certmail.pec.web.api.support;

/** Slows password guessing: every failed login waits before its answer. */
public final class FailedLoginDelay {

    /** Failed logins of the REST API on this node since it started (the metrics' counter). */
    private static final java.util.concurrent.atomic.LongAdder FAILURES = new java.util.concurrent.atomic.LongAdder();

    private static final long PAUSE_MILLIS = 500;

    private FailedLoginDelay() {
    }

    public static long failures() {
        return FAILURES.sum();
    }

    static void pause() {
        FAILURES.increment();
        try {
            Thread.sleep(PAUSE_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
