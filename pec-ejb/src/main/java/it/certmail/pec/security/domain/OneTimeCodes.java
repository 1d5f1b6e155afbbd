package it.certmail.pec.security.domain;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Codici monouso: numeric codes sent to a person (password recovery, confirming a new reference e-mail), one per
 * purpose key. A code is valid for {@link #VALIDITY}, works once, and dies after {@link #MAX_GUESSES} wrong
 * guesses; at most {@link #MAX_ISSUED_PER_HOUR} codes are issued per key in an hour, so that a stranger cannot
 * flood someone's inbox. A new code replaces the previous one of its key. Pure and thread-safe: the caller passes
 * the time and the random source; nothing survives a restart (a lost code is simply asked for again).
 */
public final class OneTimeCodes {

    public static final Duration VALIDITY = Duration.ofMinutes(15);
    public static final int DIGITS = 6;
    static final int MAX_GUESSES = 5;
    static final int MAX_ISSUED_PER_HOUR = 3;
    static final Duration RATE_WINDOW = Duration.ofHours(1);
    /** Bounds the memory made-up keys can take. */
    static final int MAX_KEYS = 100_000;

    private record Pending(String code, Instant expiresAt, int wrongGuesses) {
    }

    private final Map<String, Pending> pending = new HashMap<>();
    private final Map<String, Deque<Instant>> issued = new HashMap<>();
    private final SecureRandom random;

    public OneTimeCodes(SecureRandom random) {
        this.random = Objects.requireNonNull(random, "random");
    }

    /** Outcome of {@link #issue}: the code, or how long until one may be issued again. */
    public record Issue(Optional<String> code, Duration retryAfter) {
    }

    /** A fresh code for {@code key}, unless the hourly limit is reached. */
    public synchronized Issue issue(String key, Instant now) {
        forgetStale(now);
        Deque<Instant> times = issued.computeIfAbsent(key, k -> new ArrayDeque<>());
        while (!times.isEmpty() && !times.peekFirst().plus(RATE_WINDOW).isAfter(now)) {
            times.removeFirst();
        }
        if (times.size() >= MAX_ISSUED_PER_HOUR) {
            return new Issue(Optional.empty(), Duration.between(now, times.peekFirst().plus(RATE_WINDOW)));
        }
        times.addLast(now);
        StringBuilder code = new StringBuilder(DIGITS);
        for (int i = 0; i < DIGITS; i++) {
            code.append((char) ('0' + random.nextInt(10)));
        }
        pending.put(key, new Pending(code.toString(), now.plus(VALIDITY), 0));
        return new Issue(Optional.of(code.toString()), Duration.ZERO);
    }

    /**
     * Whether {@code code} is the live code of {@code key}; a right code is used up at once, a wrong one counts
     * towards {@link #MAX_GUESSES}, after which the code is gone.
     */
    public synchronized boolean redeem(String key, String code, Instant now) {
        Pending p = pending.get(key);
        if (p == null) {
            return false;
        }
        if (!now.isBefore(p.expiresAt())) {
            pending.remove(key);
            return false;
        }
        String given = code == null ? "" : code.replaceAll("\\s", "");
        if (java.security.MessageDigest.isEqual(p.code().getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                given.getBytes(java.nio.charset.StandardCharsets.US_ASCII))) {
            pending.remove(key);
            return true;
        }
        if (p.wrongGuesses() + 1 >= MAX_GUESSES) {
            pending.remove(key);
        } else {
            pending.put(key, new Pending(p.code(), p.expiresAt(), p.wrongGuesses() + 1));
        }
        return false;
    }

    private void forgetStale(Instant now) {
        if (pending.size() + issued.size() < MAX_KEYS) {
            return;
        }
        pending.values().removeIf(p -> !now.isBefore(p.expiresAt()));
        issued.values().removeIf(t -> t.isEmpty() || !t.peekLast().plus(RATE_WINDOW).isAfter(now));
    }
}
