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

    public Optional<Duration> waitBefore(String user, String address) {
        return throttle.waitBefore(user, address, clock.instant());
    }

    public void failed(String user, String address) {
        throttle.failed(user, address, clock.instant());
    }

    public void succeeded(String user) {
        throttle.succeeded(user);
    }
}
