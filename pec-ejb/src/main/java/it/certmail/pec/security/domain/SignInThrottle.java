package it.certmail.pec.security.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Rallentamento degli accessi web: slows password and code guessing per account and per client address (the SMTP
 * listeners have their own per-address delay, {@code transport.infra.smtp.LoginThrottle}). The first
 * {@link #FREE_FAILURES} failures of a key cost nothing; each later one doubles the wait before the next attempt is
 * even considered, up to {@link #MAX_WAIT}. A success clears the key; a key idle for {@link #FORGET_AFTER} is
 * forgotten. Pure: the caller passes the time.
 */
public final class SignInThrottle {

    static final int FREE_FAILURES = 3;
    static final Duration FIRST_WAIT = Duration.ofSeconds(2);
    static final Duration MAX_WAIT = Duration.ofMinutes(5);
    static final Duration FORGET_AFTER = Duration.ofMinutes(30);
    /** Bounds the memory an attacker can make us spend with made-up user names. */
    static final int MAX_KEYS = 100_000;

    private record Failures(int count, Instant last, Instant blockedUntil) {
    }

    private final Map<String, Failures> failures = new ConcurrentHashMap<>();

    /**
     * How long the caller must still wait before an attempt for {@code user} from {@code address} is checked;
     * empty when it may go ahead now.
     */
    public Optional<Duration> waitBefore(String user, String address, Instant now) {
        Duration wait = Duration.ZERO;
        for (String key : keys(user, address)) {
            Failures f = failures.get(key);
            if (f != null && f.blockedUntil().isAfter(now)) {
                Duration d = Duration.between(now, f.blockedUntil());
                wait = d.compareTo(wait) > 0 ? d : wait;
            }
        }
        return wait.isZero() ? Optional.empty() : Optional.of(wait);
    }

    public void failed(String user, String address, Instant now) {
        if (failures.size() >= MAX_KEYS) {
            failures.values().removeIf(f -> f.last().plus(FORGET_AFTER).isBefore(now));
        }
        for (String key : keys(user, address)) {
            failures.compute(key, (k, f) -> {
                int count = f == null || f.last().plus(FORGET_AFTER).isBefore(now) ? 1 : f.count() + 1;
                return new Failures(count, now, now.plus(waitAfter(count)));
            });
        }
    }

    /**
     * Checks and counts an attempt in one step, so that guesses sent in parallel cannot all pass one check: the
     * attempt counts as a failure until {@link #refund} or {@link #succeeded(String, String)} gives it back.
     *
     * @return empty when the attempt may go ahead, else how long the caller must wait (nothing counted then)
     */
    public synchronized Optional<Duration> begin(String user, String address, Instant now) {
        Optional<Duration> wait = waitBefore(user, address, now);
        if (wait.isEmpty()) {
            failed(user, address, now);
        }
        return wait;
    }

    /** A begun attempt turned out right (a step that is not the last one): it no longer counts for either key. */
    public synchronized void refund(String user, String address) {
        for (String key : keys(user, address)) {
            failures.computeIfPresent(key, (k, f) -> f.count() <= 1 ? null
                    : new Failures(f.count() - 1, f.last(), f.last().plus(waitAfter(f.count() - 1))));
        }
    }

    /** The last step of a begun attempt succeeded: the account's failures go, the address gets this attempt back. */
    public synchronized void succeeded(String user, String address) {
        refund(user, address);
        failures.remove(userKey(user));
    }

    /** A success clears the account's failures; the address keeps its own (one address may guess many accounts). */
    public void succeeded(String user) {
        failures.remove(userKey(user));
    }

    static Duration waitAfter(int failureCount) {
        if (failureCount <= FREE_FAILURES) {
            return Duration.ZERO;
        }
        int doublings = Math.min(failureCount - FREE_FAILURES - 1, 20);
        Duration wait = FIRST_WAIT.multipliedBy(1L << doublings);
        return wait.compareTo(MAX_WAIT) > 0 ? MAX_WAIT : wait;
    }

    private static String[] keys(String user, String address) {
        return new String[] {userKey(user), "address:" + (address == null ? "?" : address)};
    }

    private static String userKey(String user) {
        return "user:" + (user == null ? "" : user.strip().toLowerCase(java.util.Locale.ROOT));
    }
}
