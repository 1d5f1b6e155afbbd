package it.certmail.pec.mailbox.service;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;

import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import it.certmail.pec.mailbox.domain.InvalidMailboxRequestException;
import it.certmail.pec.mailbox.domain.MailboxException;
import it.certmail.pec.mailbox.domain.MailboxNotFoundException;
import it.certmail.pec.mailbox.domain.MailboxUserRules;
import it.certmail.pec.mailbox.infra.JpaMailboxDirectory;
import it.certmail.pec.mailbox.infra.JpaMailboxUsers;
import it.certmail.pec.mailbox.model.Mailbox;
import it.certmail.pec.mailbox.model.MailboxUser;
import it.certmail.pec.platform.service.SecretKeys;
import it.certmail.pec.security.domain.RecoveryCodes;
import it.certmail.pec.security.domain.Totp;
import it.certmail.pec.security.infra.Argon2idPasswordHasher;

/**
 * Utenti aggiuntivi (the USER_SEAT add-on): the holder invites people into the mailbox's webmail, each with an own
 * login and web password, up to the running seats, and revokes them; every message the webmail sends is recorded
 * with who sent it. Each method is one transaction and takes the mailbox the caller proved.
 */
@Stateless
public class MailboxUsersService {

    private static final Logger LOG = Logger.getLogger(MailboxUsersService.class.getName());
    private static final Argon2idPasswordHasher HASHER = new Argon2idPasswordHasher();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Totp TOTP = Totp.standard();
    public static final int TRAIL_ROWS = 100;

    @PersistenceContext(unitName = "pec")
    EntityManager em;

    @Inject
    Clock clock;

    @Inject
    SecretKeys secrets;

    public record UserRow(long id, String login, Instant createdAt, Instant revokedAt) {
        public boolean active() {
            return revokedAt == null;
        }
    }

    /** A user signed in: the user's row and the mailbox the user acts for. */
    public record SignedInUser(long id, String login, String mailbox) {
    }

    public record Invitation(UserRow user, String initialPassword) {
    }

    public record SentRow(String sentBy, Instant sentAt, String messageId, String recipients) {
    }

    public record Seats(long seats, long used) {
    }

    private JpaMailboxUsers users() {
        return new JpaMailboxUsers(em);
    }

    public Seats seats(String address) throws MailboxNotFoundException {
        JpaMailboxUsers u = users();
        Mailbox m = new JpaMailboxDirectory(em).require(address);
        return new Seats(u.seats(m, clock.instant()), u.activeUsers(m));
    }

    /** Invites {@code login}; its first web password is drawn here and returned once (only its hash is kept). */
    public Invitation invite(String address, String login) throws MailboxException {
        String password = MailboxUserRules.initialPassword(RANDOM);
        MailboxUser u = users().invite(address, login, HASHER.hash(password), clock.instant());
        LOG.info(() -> address + " invited the additional user " + u.getLogin());
        return new Invitation(row(u), password);
    }

    public List<UserRow> users(String address) throws MailboxNotFoundException {
        return users().users(address).stream().map(MailboxUsersService::row).toList();
    }

    public boolean revoke(String address, long userId) throws MailboxNotFoundException {
        boolean done = users().revoke(address, userId, clock.instant());
        if (done) {
            LOG.info(() -> address + " revoked the additional user #" + userId);
        }
        return done;
    }

    /** The user's own web password; empty for a wrong one, a revoked user or a mailbox that may not log in. */
    public Optional<SignedInUser> authenticate(String login, String password) {
        Optional<String> name = MailboxUserRules.normalizeLogin(login);
        if (name.isEmpty() || password == null) {
            return Optional.empty();
        }
        JpaMailboxUsers u = users();
        return u.findByLogin(name.get()).filter(MailboxUser::isActive)
                .filter(user -> HASHER.verify(password, user.getPasswordHash()))
                .flatMap(user -> u.activeMailbox(user.getId())
                        .map(mailbox -> new SignedInUser(user.getId(), user.getLogin(), mailbox)));
    }

    /** The mailbox the user still acts for; empty once revoked (the session then ends). */
    public Optional<String> activeMailbox(long userId) {
        return users().activeMailbox(userId);
    }

    /** Whether the user signs in with a TOTP code after the password (optional, as for holders). */
    public boolean totpEnrolled(long userId) {
        return users().totpEnrolled(userId);
    }

    /**
     * Enrols the user's TOTP app, sealed with the node's key as the holders' secrets, with
     * {@value RecoveryCodes#COUNT} recovery codes as holders get.
     *
     * @return the recovery codes in clear, to show once; empty when the code is wrong
     */
    public Optional<List<String>> enrolTotp(long userId, byte[] secret, String code) {
        List<String> codes = RecoveryCodes.generate(RANDOM);
        boolean done = users().enrolTotp(userId, secret, code, TOTP, secrets.sealer(), clock.instant(),
                codes.stream().map(HASHER::hash).toList());
        if (!done) {
            return Optional.empty();
        }
        LOG.info(() -> "the additional user #" + userId + " enrolled a TOTP second factor");
        return Optional.of(codes);
    }

    /** A code of the user's app, or one unused recovery code (spent then). */
    public boolean verifyTotp(long userId, String code) {
        return users().verifyTotp(userId, code, TOTP, secrets.sealer(), clock.instant(), HASHER);
    }

    /** Turns the user's TOTP off, proven with a code of the app or a recovery code; false: wrong code. */
    public boolean disableTotp(long userId, String code) {
        boolean done = users().disableTotp(userId, code, TOTP, secrets.sealer(), clock.instant(), HASHER);
        if (done) {
            LOG.info(() -> "the additional user #" + userId + " turned off the TOTP second factor");
        }
        return done;
    }

    /** @return false when the current password is wrong */
    public boolean changePassword(long userId, String current, String newPassword)
            throws InvalidMailboxRequestException {
        boolean done = users().changePassword(userId, current, newPassword, HASHER);
        if (done) {
            LOG.info(() -> "the additional user #" + userId + " changed the own web password");
        }
        return done;
    }

    public void recordSend(String address, String sentBy, String messageId, List<String> recipients)
            throws MailboxNotFoundException {
        users().recordSend(address, sentBy, messageId, recipients, clock.instant());
    }

    public List<SentRow> trail(String address) throws MailboxNotFoundException {
        return users().trail(address, TRAIL_ROWS).stream()
                .map(r -> new SentRow(r.getSentBy(), r.getSentAt(), r.getMessageId(), r.getRecipients())).toList();
    }

    private static UserRow row(MailboxUser u) {
        return new UserRow(u.getId(), u.getLogin(), u.getCreatedAt(), u.getRevokedAt());
    }
}
