package it.certmail.pec.web.console;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import it.certmail.pec.security.domain.SignInThrottle;

/** The node's one {@link SignInThrottle} for the console's password and code steps, on the service clock. */
@ApplicationScoped
public class OperatorLoginGuard {

    @Inject
    Clock clock;

    private final SignInThrottle throttle = new SignInThrottle();
    private final java.util.concurrent.atomic.LongAdder refused = new java.util.concurrent.atomic.LongAdder();

    /** Checks and counts the attempt at once (see {@link SignInThrottle#begin}); empty: go ahead. */
    public Optional<Duration> begin(String user, String address) {
        return throttle.begin(user, address, clock.instant());
    }

    /** The password was right: that attempt no longer counts (the code step still has to succeed). */
    public void passwordAccepted(String user, String address) {
        throttle.refund(user, address);
    }

    /** A sign-in step refused (wrong password or code): counted for the metrics. */
    public void refused() {
        refused.increment();
    }

    /** Refused console sign-in steps on this node since it started. */
    public long refusedTotal() {
        return refused.sum();
    }

    public void succeeded(String user, String address) {
        throttle.succeeded(user, address);
    }
}
