package it.certmail.pec.web.holder;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import it.certmail.pec.security.domain.SignInThrottle;

/**
 * The node's {@link SignInThrottle} for holders' web passwords and one-time codes, per mailbox address and per
 * client address, on the service clock (apart from the operators' one: a holder's failures never slow an operator).
 */
@ApplicationScoped
public class HolderLoginGuard {

    @Inject
    Clock clock;

    private final SignInThrottle throttle = new SignInThrottle();
    private final LongAdder refused = new LongAdder();

    /** Checks and counts the attempt at once (see {@link SignInThrottle#begin}); empty: go ahead. */
    public Optional<Duration> begin(String mailbox, String clientAddress) {
        return throttle.begin(key(mailbox), clientAddress, clock.instant());
    }

    /** The password was right: that attempt no longer counts (the code step still has to succeed). */
    public void passwordAccepted(String mailbox, String clientAddress) {
        throttle.refund(key(mailbox), clientAddress);
    }

    /** A sign-in step refused (wrong password or code): counted for the metrics. */
    public void refused() {
        refused.increment();
    }

    /** Refused sign-in steps of holders on this node since it started. */
    public long refusedTotal() {
        return refused.sum();
    }

    public void succeeded(String mailbox, String clientAddress) {
        throttle.succeeded(key(mailbox), clientAddress);
    }

    private static String key(String mailbox) {
        return mailbox == null ? "" : mailbox.strip().toLowerCase(java.util.Locale.ROOT);
    }
}
