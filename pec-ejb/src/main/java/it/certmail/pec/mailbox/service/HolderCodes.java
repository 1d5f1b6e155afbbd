package it.certmail.pec.mailbox.service;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;

import it.certmail.pec.mailbox.model.HolderCode;
import it.certmail.pec.security.domain.CodeState;
import it.certmail.pec.security.domain.OneTimeCodes;

/**
 * The holder's one-time codes and recovery grants in the database ({@link CodeState} rules on a {@link HolderCode}
 * row, locked while it changes): every node sees the same codes, and a restart loses none. Each method is one
 * transaction.
 */
@Stateless
public class HolderCodes {

    private static final SecureRandom RANDOM = new SecureRandom();

    @PersistenceContext(unitName = "pec")
    EntityManager em;

    @Inject
    Clock clock;

    /** A fresh code for {@code key}, unless the hourly limit is reached. */
    public OneTimeCodes.Issue issue(String key) {
        Instant now = clock.instant();
        em.createNamedQuery(HolderCode.DELETE_STALE).setParameter("cutoff", now.minus(Duration.ofHours(1)))
                .setParameter("now", now).executeUpdate();
        HolderCode row = row(key, now);
        CodeState.Issued issued = state(row).issue(key, now, RANDOM);
        save(row, issued.next(), issued.code().isPresent() ? now : row.getLastIssuedAt());
        return new OneTimeCodes.Issue(issued.code(), issued.retryAfter());
    }

    /** Whether {@code code} is the live code of {@code key} (used up when right). */
    public boolean redeem(String key, String code) {
        HolderCode row = em.find(HolderCode.class, key, LockModeType.PESSIMISTIC_WRITE);
        if (row == null) {
            return false;
        }
        CodeState.Redeemed r = state(row).redeem(key, code, clock.instant());
        save(row, r.next(), row.getLastIssuedAt());
        return r.accepted();
    }

    /** A token allowing one next step (a new password) until {@code validity} from now; replaces an earlier one. */
    public String grant(String key, Duration validity) {
        Instant now = clock.instant();
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        HolderCode row = row(key, now);
        row.update(CodeState.hash(key, token), now.plus(validity), 0, "", now);
        return token;
    }

    /** Whether {@code token} is the live grant of {@code key}. */
    public boolean grantValid(String key, String token) {
        Optional<HolderCode> row = Optional.ofNullable(em.find(HolderCode.class, key));
        return token != null && row.isPresent() && row.get().getCodeHash() != null
                && clock.instant().isBefore(row.get().getExpiresAt())
                && MessageDigest.isEqual(CodeState.hash(key, token).getBytes(), row.get().getCodeHash().getBytes());
    }

    public void dropGrant(String key) {
        HolderCode row = em.find(HolderCode.class, key, LockModeType.PESSIMISTIC_WRITE);
        if (row != null) {
            em.remove(row);
        }
    }

    private HolderCode row(String key, Instant now) {
        HolderCode row = em.find(HolderCode.class, key, LockModeType.PESSIMISTIC_WRITE);
        if (row == null) {
            row = new HolderCode(key, now);
            em.persist(row);
        }
        return row;
    }

    private static CodeState state(HolderCode row) {
        return new CodeState(row.getCodeHash(), row.getExpiresAt(), row.getWrongGuesses(),
                CodeState.parseIssuedAt(row.getIssuedAt()));
    }

    private static void save(HolderCode row, CodeState s, Instant lastIssuedAt) {
        row.update(s.codeHash(), s.expiresAt(), s.wrongGuesses(), s.issuedAtText(), lastIssuedAt);
    }
}
