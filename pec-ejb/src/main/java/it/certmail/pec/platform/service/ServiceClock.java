package it.certmail.pec.platform.service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;

import it.certmail.pec.platform.domain.AdjustableClock;

/** Produces the one {@link Clock} every service uses; adjustable only when {@code pec.clock.adjustable=true}. */
@ApplicationScoped
public class ServiceClock {

    @Inject
    PlatformSettings settings;

    private AdjustableClock clock;

    @PostConstruct
    void init() {
        clock = new AdjustableClock(Clock.systemUTC());
    }

    @Produces
    @ApplicationScoped
    Clock clock() {
        return clock;
    }

    /** Moves time forward; empty when the clock is not adjustable in this installation. */
    public Optional<Instant> advance(Duration amount) {
        return settings.clockAdjustable() ? Optional.of(clock.advance(amount)) : Optional.empty();
    }
}
