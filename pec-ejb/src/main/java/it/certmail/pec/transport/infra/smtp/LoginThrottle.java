package it.certmail.pec.transport.infra.smtp;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Rallentamento dei tentativi di accesso: counts consecutive failed SMTP logins per source address and gives the
 * delay to impose before answering the next failure: {@code first}, then doubling, capped at {@code max}. A source
 * is forgotten after {@code forgetAfter} without failures, and on a successful login.
 */
public final class LoginThrottle {

    /** Bounds the map against address-spraying clients; expired entries are pruned beyond it. */
    private static final int PRUNE_THRESHOLD = 10_000;

    private final Duration first;
    private final Duration max;
    private final Duration forgetAfter;
    private final Clock clock;
    private final Map<InetAddress, Failures> failures = new ConcurrentHashMap<>();

    private record Failures(int count, Instant last) {
    }

    private final java.util.concurrent.atomic.LongAdder totalFailures = new java.util.concurrent.atomic.LongAdder();

    public LoginThrottle(Duration first, Duration max, Duration forgetAfter, Clock clock) {
        this.first = Objects.requireNonNull(first, "first");
        this.max = Objects.requireNonNull(max, "max");
        this.forgetAfter = Objects.requireNonNull(forgetAfter, "forgetAfter");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Records a failure from {@code source} and returns the delay to wait before answering it. */
    public Duration recordFailure(InetAddress source) {
        totalFailures.increment();
        Instant now = clock.instant();
        if (failures.size() > PRUNE_THRESHOLD) {
            failures.values().removeIf(f -> expired(f, now));
        }
        Failures f = failures.compute(source, (k, old) ->
                old == null || expired(old, now) ? new Failures(1, now) : new Failures(old.count() + 1, now));
        return delayFor(f.count());
    }

    /** Every failure recorded since this throttle was made (the metrics' counter; never goes down). */
    public long totalFailures() {
        return totalFailures.sum();
    }

    /** Forgets the failures of {@code source}. */
    public void recordSuccess(InetAddress source) {
        failures.remove(source);
    }

    /** Consecutive failures currently counted for {@code source}. */
    public int failures(InetAddress source) {
        Failures f = failures.get(source);
        return f == null || expired(f, clock.instant()) ? 0 : f.count();
    }

    /** The delay after {@code count} consecutive failures: first * 2^(count-1), capped. */
    public Duration delayFor(int count) {
        if (count <= 0) {
            return Duration.ZERO;
        }
        Duration d = first;
        for (int i = 1; i < count && d.compareTo(max) < 0; i++) {
            d = d.multipliedBy(2);
        }
        return d.compareTo(max) > 0 ? max : d;
    }

    private boolean expired(Failures f, Instant now) {
        return !now.isBefore(f.last().plus(forgetAfter));
    }
}
