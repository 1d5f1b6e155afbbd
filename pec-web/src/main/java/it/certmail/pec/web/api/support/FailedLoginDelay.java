package it.certmail.pec.web.api.support;

/** Slows password guessing: every failed login waits before its answer. */
final class FailedLoginDelay {

    private static final long PAUSE_MILLIS = 500;

    private FailedLoginDelay() {
    }

    static void pause() {
        try {
            Thread.sleep(PAUSE_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
