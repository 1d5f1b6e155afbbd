package it.certmail.pec.mailbox.domain;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Cache delle verifiche di password: remembers, for a few minutes, that a password was verified against a given
 * stored hash, so that clients logging in often (IMAP, POP3, SMTP) do not pay an Argon2id verification each time.
 *
 * <p>Entries are keyed by an HMAC of address and password under a key drawn at start, so the cache never holds a
 * password or an unsalted hash of one. A hit also requires the stored hash to be the one verified: a password
 * changed on another node misses here even before {@link #invalidate(String)} is called.
 */
public final class ClientPasswordCache {

    private final Duration ttl;
    private final int maxEntries;
    private final byte[] key = new byte[32];
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    private record Entry(String address, String storedHash, Instant expiresAt) {
    }

    public ClientPasswordCache(Duration ttl, int maxEntries) {
        this.ttl = Objects.requireNonNull(ttl, "ttl");
        this.maxEntries = maxEntries;
        new SecureRandom().nextBytes(key);
    }

    /** Whether {@code password} was verified against {@code storedHash} for {@code address} less than ttl ago. */
    public boolean isVerified(String address, String password, String storedHash, Instant now) {
        Entry e = entries.get(keyOf(address, password));
        return e != null && e.address().equals(address) && e.storedHash().equals(storedHash) && now.isBefore(e.expiresAt());
    }

    /** Records a successful verification. */
    public void remember(String address, String password, String storedHash, Instant now) {
        if (entries.size() >= maxEntries) {
            entries.values().removeIf(e -> !now.isBefore(e.expiresAt()));
            if (entries.size() >= maxEntries) {
                // crude but bounded: a full cache of live entries starts again
                entries.clear();
            }
        }
        entries.put(keyOf(address, password), new Entry(address, storedHash, now.plus(ttl)));
    }

    /** Forgets every verification for {@code address} (its password changed). */
    public void invalidate(String address) {
        entries.values().removeIf(e -> e.address().equals(address));
    }

    public int size() {
        return entries.size();
    }

    /**
     * A stand-in for (address, password) that holds neither: the HMAC the entries are keyed by, for callers that
     * must tell concurrent attempts with the same credentials apart.
     */
    public String token(String address, String password) {
        return keyOf(address, password);
    }

    private String keyOf(String address, String password) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update(address.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            return HexFormat.of().formatHex(mac.doFinal(password.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from the JDK", e);
        }
    }
}
