package it.certmail.pec.mailbox.infra;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.function.BiPredicate;
import java.util.function.UnaryOperator;

import it.certmail.pec.mailbox.domain.ClientPasswordCache;
import it.certmail.pec.security.infra.Argon2idPasswordHasher;

/**
 * Password per i client di posta: generates client (IMAP/POP3/SMTP) passwords, hashes them with Argon2id, and
 * verifies them with a short-lived cache of recent successes, since a mail client may log in every minute and each
 * Argon2id verification costs about 0.1 s. Thread-safe; one instance per application.
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

    public ClientPasswords(Clock clock) {
        this(new Argon2idPasswordHasher(), clock);
    }

    private ClientPasswords(Argon2idPasswordHasher argon2, Clock clock) {
        this(argon2::hash, argon2::verify, new ClientPasswordCache(CACHE_TTL, CACHE_ENTRIES), clock);
    }

    /** @param verifier (password, stored hash) to match */
    public ClientPasswords(UnaryOperator<String> hasher, BiPredicate<String, String> verifier,
            ClientPasswordCache cache, Clock clock) {
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
        boolean ok = verifier.test(password, storedHash);
        if (ok) {
            cache.remember(address, password, storedHash, clock.instant());
        }
        return ok;
    }

    /** Forgets cached verifications of {@code address}: call it when its password changes. */
    public void invalidate(String address) {
        cache.invalidate(address);
    }
}
