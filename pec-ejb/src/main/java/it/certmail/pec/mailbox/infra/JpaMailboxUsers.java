package it.certmail.pec.mailbox.infra;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;

import it.certmail.pec.mailbox.billing.model.AddOnKind;
import it.certmail.pec.mailbox.domain.InvalidMailboxRequestException;
import it.certmail.pec.mailbox.domain.MailboxConflictException;
import it.certmail.pec.mailbox.domain.MailboxNotFoundException;
import it.certmail.pec.mailbox.domain.MailboxUserRules;
import it.certmail.pec.mailbox.model.Mailbox;
import it.certmail.pec.mailbox.model.MailboxUser;
import it.certmail.pec.mailbox.model.WebmailSendRecord;
import it.certmail.pec.security.domain.RecoveryCodes;
import it.certmail.pec.security.domain.SealedSecrets;
import it.certmail.pec.security.domain.Totp;
import it.certmail.pec.security.infra.Argon2idPasswordHasher;

/** The additional users of mailboxes and the webmail's send trail, in the caller's transaction. */
public class JpaMailboxUsers {

    private final EntityManager em;
    private final JpaMailboxDirectory directory;

    public JpaMailboxUsers(EntityManager em) {
        this.em = em;
        this.directory = new JpaMailboxDirectory(em);
    }

    /** USER_SEAT units running at {@code now} (reductions are negative units). */
    public long seats(Mailbox mailbox, Instant now) {
        Long units = em.createQuery("SELECT SUM(a.units) FROM SubscriptionAddOn a WHERE a.subscription.mailbox = :m"
                        + " AND a.kind = :kind AND a.expiresAt > :now", Long.class)
                .setParameter("m", mailbox).setParameter("kind", AddOnKind.USER_SEAT).setParameter("now", now)
                .getSingleResult();
        return units == null ? 0 : Math.max(0, units);
    }

    public long activeUsers(Mailbox mailbox) {
        return em.createNamedQuery(MailboxUser.ACTIVE_COUNT, Long.class).setParameter("mailboxId", mailbox.getId())
                .getSingleResult();
    }

    /**
     * Invites {@code login} into {@code address}'s webmail if a seat is free; the mailbox row is locked, so two
     * invitations at once cannot take the same last seat.
     */
    public MailboxUser invite(String address, String login, String passwordHash, Instant now)
            throws MailboxNotFoundException, InvalidMailboxRequestException, MailboxConflictException {
        String name = MailboxUserRules.normalizeLogin(login).orElseThrow(() -> new InvalidMailboxRequestException(
                "the login must look like an e-mail address (name@domain.tld)"));
        Mailbox m = directory.require(address);
        em.lock(m, LockModeType.PESSIMISTIC_WRITE);
        Optional<String> refusal = MailboxUserRules.seatRefusal(activeUsers(m), seats(m, now));
        if (refusal.isPresent()) {
            throw new MailboxConflictException(refusal.get());
        }
        if (directory.find(name).isPresent() || findByLogin(name).isPresent()) {
            throw new MailboxConflictException("the login " + name + " is taken (logins are never given twice)");
        }
        MailboxUser u = new MailboxUser(m.getId(), name, passwordHash, now);
        em.persist(u);
        em.flush();
        return u;
    }

    public List<MailboxUser> users(String address) throws MailboxNotFoundException {
        return em.createNamedQuery(MailboxUser.BY_MAILBOX, MailboxUser.class)
                .setParameter("mailboxId", directory.require(address).getId()).getResultList();
    }

    /** @return whether a user of this mailbox was revoked now (false: not its user, or revoked already) */
    public boolean revoke(String address, long userId, Instant now) throws MailboxNotFoundException {
        Mailbox m = directory.require(address);
        MailboxUser u = em.find(MailboxUser.class, userId, LockModeType.PESSIMISTIC_WRITE);
        if (u == null || u.getMailboxId() != m.getId() || !u.isActive()) {
            return false;
        }
        u.revoke(now);
        em.flush();
        return true;
    }

    public Optional<MailboxUser> findByLogin(String login) {
        return em.createNamedQuery(MailboxUser.BY_LOGIN, MailboxUser.class).setParameter("login", login)
                .getResultStream().findFirst();
    }

    /** The address of the mailbox an active user acts for, if the user and the mailbox may still sign in. */
    public Optional<String> activeMailbox(long userId) {
        MailboxUser u = em.find(MailboxUser.class, userId);
        if (u == null || !u.isActive()) {
            return Optional.empty();
        }
        Mailbox m = em.find(Mailbox.class, u.getMailboxId());
        return m != null && m.getStatus().canLogin() ? Optional.of(m.getAddress()) : Optional.empty();
    }

    /** Whether the active user {@code userId} signs in with a TOTP code too. */
    public boolean totpEnrolled(long userId) {
        MailboxUser u = em.find(MailboxUser.class, userId);
        return u != null && u.isActive() && u.hasTotp();
    }

    /**
     * Enrols {@code secret} (stored sealed) if {@code code} proves the user's app holds it, with the hashes of the
     * recovery codes the caller shows once; refused for a revoked user and when one is enrolled already.
     */
    public boolean enrolTotp(long userId, byte[] secret, String code, Totp totp, SealedSecrets sealer, Instant now,
            List<String> recoveryHashes) {
        MailboxUser u = em.find(MailboxUser.class, userId, LockModeType.PESSIMISTIC_WRITE);
        if (u == null || !u.isActive() || u.hasTotp()) {
            return false;
        }
        OptionalLong step = totp.verify(secret, code, now, Long.MIN_VALUE);
        step.ifPresent(s -> u.enrolTotp(sealer.seal(secret), s, recoveryHashes));
        em.flush();
        return step.isPresent();
    }

    /**
     * Checks a code of the user's enrolled TOTP, or spends an unused recovery code (checked
     * against the stored hashes with {@code hasher}); the row is locked, so a code posted twice in parallel works once.
     */
    public boolean verifyTotp(long userId, String code, Totp totp, SealedSecrets sealer, Instant now,
            Argon2idPasswordHasher hasher) {
        MailboxUser u = em.find(MailboxUser.class, userId, LockModeType.PESSIMISTIC_WRITE);
        if (u == null || !u.isActive() || !u.hasTotp() || code == null) {
            return false;
        }
        Optional<String> recovery = RecoveryCodes.normalize(code);
        if (recovery.isPresent()) {
            for (String hash : u.getTotpRecoveryHashes()) {
                if (hasher.verify(recovery.get(), hash)) {
                    u.recoveryCodeUsed(hash);
                    em.flush();
                    return true;
                }
            }
            return false;
        }
        OptionalLong step = totp.verify(sealer.open(u.getTotpSecret()), code, now, u.getTotpLastStep());
        step.ifPresent(u::totpStepUsed);
        em.flush();
        return step.isPresent();
    }

    /** Turns the user's TOTP off, proven with a current code or a recovery code (as {@link #verifyTotp}). */
    public boolean disableTotp(long userId, String code, Totp totp, SealedSecrets sealer, Instant now,
            Argon2idPasswordHasher hasher) {
        if (!verifyTotp(userId, code, totp, sealer, now, hasher)) {
            return false;
        }
        em.find(MailboxUser.class, userId).disableTotp();
        em.flush();
        return true;
    }

    /** How many unused recovery codes the user has. */
    public int recoveryCodesLeft(long userId) {
        MailboxUser u = em.find(MailboxUser.class, userId);
        return u == null ? 0 : u.getTotpRecoveryHashes().size();
    }

    /**
     * The user changes the own web password, proven with the current one; the new one has at least the holders'
     * minimum length ({@link JpaMailboxDirectory#MIN_PASSWORD_LENGTH}).
     *
     * @return false when the current password is wrong (or the user was revoked)
     */
    public boolean changePassword(long userId, String current, String newPassword, Argon2idPasswordHasher hasher)
            throws InvalidMailboxRequestException {
        if (newPassword == null || newPassword.length() < JpaMailboxDirectory.MIN_PASSWORD_LENGTH
                || newPassword.length() > JpaMailboxDirectory.MAX_PASSWORD_LENGTH) {
            throw new InvalidMailboxRequestException("the password must have at least "
                    + JpaMailboxDirectory.MIN_PASSWORD_LENGTH + " characters");
        }
        MailboxUser u = em.find(MailboxUser.class, userId, LockModeType.PESSIMISTIC_WRITE);
        if (u == null || !u.isActive() || current == null || !hasher.verify(current, u.getPasswordHash())) {
            return false;
        }
        u.changePasswordHash(hasher.hash(newPassword));
        em.flush();
        return true;
    }

    public void recordSend(String address, String sentBy, String messageId, List<String> recipients, Instant now)
            throws MailboxNotFoundException {
        String to = String.join(", ", recipients);
        em.persist(new WebmailSendRecord(directory.require(address).getId(), sentBy, now, messageId,
                to.length() > 4000 ? to.substring(0, 3997) + "..." : to));
        em.flush();
    }

    public List<WebmailSendRecord> trail(String address, int limit) throws MailboxNotFoundException {
        return em.createNamedQuery(WebmailSendRecord.BY_MAILBOX, WebmailSendRecord.class)
                .setParameter("mailboxId", directory.require(address).getId()).setMaxResults(limit).getResultList();
    }
}
