package it.certmail.pec.mailbox.infra;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.function.BiPredicate;
import java.util.function.UnaryOperator;

import it.certmail.pec.mailbox.domain.ClientPasswordCache;
import it.certmail.pec.security.infra.Argon2idPasswordHasher;

/**
 * Password per i client di posta: generates client (IMAP/POP3/SMTP) passwords, hashes them with Argon2id, and
 * verifies them with a short-lived cache of recent successes, since a mail client may log in every minute and each
 * Argon2id verification costs about 0.1 s. Thread-safe; one instance per application.
 *
 * <p>A login storm (a restart, hundreds of clients reconnecting) must not hash hundreds of times at once: each
 * Argon2id verification takes 19 MiB and a core for 0.1 s. So at most {@code maxConcurrent} verifications run at
 * a time (the others wait their turn), and concurrent attempts with the same address, password and stored hash
 * wait for the one verification already running and share its answer (single flight).
 */
public class ClientPasswords {

    /** How long a verified password is trusted without Argon2id. */
    public static final Duration CACHE_TTL = Duration.ofMinutes(5);
    private static final int CACHE_ENTRIES = 10_000;
    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    private static final int LENGTH = 24;

    private final UnaryOperator<String> hasher;
    private final BiPredicate<String, String> verifier;
    private final ClientPasswordCache cache;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final Semaphore hashing;
    private final Map<String, CompletableFuture<Boolean>> inFlight = new ConcurrentHashMap<>();

    public ClientPasswords(Clock clock) {
        this(new Argon2idPasswordHasher(), clock);
    }

    private ClientPasswords(Argon2idPasswordHasher argon2, Clock clock) {
        this(argon2::hash, argon2::verify, new ClientPasswordCache(CACHE_TTL, CACHE_ENTRIES), clock,
                Runtime.getRuntime().availableProcessors());
    }

    /** @param verifier (password, stored hash) to match */
    public ClientPasswords(UnaryOperator<String> hasher, BiPredicate<String, String> verifier,
            ClientPasswordCache cache, Clock clock) {
        this(hasher, verifier, cache, clock, Runtime.getRuntime().availableProcessors());
    }

    /**
     * @param verifier      (password, stored hash) to match
     * @param maxConcurrent verifications running at once (one per core is all the CPU can do anyway)
     */
    public ClientPasswords(UnaryOperator<String> hasher, BiPredicate<String, String> verifier,
            ClientPasswordCache cache, Clock clock, int maxConcurrent) {
        this.hashing = new Semaphore(Math.max(1, maxConcurrent), true);
        this.hasher = Objects.requireNonNull(hasher, "hasher");
        this.verifier = Objects.requireNonNull(verifier, "verifier");
        this.cache = Objects.requireNonNull(cache, "cache");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** A new random password: 24 characters without look-alikes (about 140 bits). */
    public String generate() {
        StringBuilder sb = new StringBuilder(LENGTH);
        for (int i = 0; i < LENGTH; i++) {
            sb.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return sb.toString();
    }

    /** Argon2id PHC string of {@code password}. */
    public String hash(String password) {
        return hasher.apply(password);
    }

    /**
     * Whether {@code password} matches {@code storedHash}; a recent success for the same address, password and
     * stored hash is answered from the cache. False for a {@code null} hash (no client password set yet).
     */
    public boolean verify(String address, String password, String storedHash) {
        if (address == null || password == null || storedHash == null) {
            return false;
        }
        if (cache.isVerified(address, password, storedHash, clock.instant())) {
            return true;
        }
        String key = cache.token(address, password) + storedHash;
        CompletableFuture<Boolean> mine = new CompletableFuture<>();
        CompletableFuture<Boolean> running = inFlight.putIfAbsent(key, mine);
        if (running != null) {
            // the same credentials are being checked right now: their answer is ours
            try {
                return running.join();
            } catch (RuntimeException e) {
                return false;
            }
        }
        try {
            boolean ok;
            hashing.acquireUninterruptibly();
            try {
                ok = verifier.test(password, storedHash);
            } finally {
                hashing.release();
            }
            if (ok) {
                cache.remember(address, password, storedHash, clock.instant());
            }
            mine.complete(ok);
            return ok;
        } catch (RuntimeException | Error e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            inFlight.remove(key, mine);
        }
    }

    /** Forgets cached verifications of {@code address}: call it when its password changes. */
    public void invalidate(String address) {
        cache.invalidate(address);
    }
}
