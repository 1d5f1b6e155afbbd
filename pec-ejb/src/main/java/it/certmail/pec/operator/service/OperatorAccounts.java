package it.certmail.pec.operator.service;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.logging.Logger;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;

import it.certmail.pec.operator.domain.OperatorNames;
import it.certmail.pec.operator.domain.OperatorRequestException;
import it.certmail.pec.operator.model.OperatorAccount;
import it.certmail.pec.operator.model.OperatorRole;
import it.certmail.pec.platform.service.AdminAccount;
import it.certmail.pec.platform.service.SecretKeys;
import it.certmail.pec.security.domain.SealedSecrets;
import it.certmail.pec.security.domain.RecoveryCodes;
import it.certmail.pec.security.domain.Totp;
import it.certmail.pec.security.infra.Argon2idPasswordHasher;

/**
 * Account degli operatori: who may sign in to the console and the admin API, with which role, and their second
 * factor. The built-in {@code admin} keeps its configured password ({@link AdminAccount}) but its TOTP secret and
 * recovery codes are rows here like everyone's, so every node sees one enrolment and a code spent on one node is
 * spent on all (the account row is locked while a code is checked).
 */
@Stateless
public class OperatorAccounts {

    private static final Logger LOG = Logger.getLogger(OperatorAccounts.class.getName());
    private static final SecureRandom RANDOM = new SecureRandom();

    @PersistenceContext(unitName = "pec")
    EntityManager em;

    @Inject
    AdminAccount admin;

    @Inject
    Clock clock;

    @Inject
    SecretKeys secrets;

    private final Argon2idPasswordHasher hasher = new Argon2idPasswordHasher();
    private final Totp totp = Totp.standard();

    /** An operator who proved their password: their name as stored and their role. */
    public record SignedIn(String user, OperatorRole role) {
    }

    /** A row of the operators' list. */
    public record OperatorSummary(String user, OperatorRole role, boolean disabled, boolean totpEnrolled,
            Instant createdAt, String createdBy) {
    }

    /**
     * Checks a user name and password: the built-in admin's configured one, or an enabled operator's Argon2id hash.
     * No pause here: callers slow failures their own way (the console's throttle, the API's delay), and a right
     * password is never slowed.
     */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public Optional<SignedIn> authenticate(String user, String password) {
        if (user == null || password == null) {
            return Optional.empty();
        }
        if (AdminAccount.USER.equals(user)) {
            return admin.authenticate(user, password) ? Optional.of(new SignedIn(user, OperatorRole.ADMIN))
                    : Optional.empty();
        }
        OperatorAccount a = em.find(OperatorAccount.class, user);
        if (a == null || a.isDisabled() || a.getPasswordHash() == null
                || !hasher.verify(password, a.getPasswordHash())) {
            return Optional.empty();
        }
        return Optional.of(new SignedIn(a.getUsername(), a.getRole()));
    }

    /** The account's current role, empty when it does not exist or is disabled (a session's role is re-read). */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public Optional<OperatorRole> activeRole(String user) {
        OperatorAccount a = user == null ? null : em.find(OperatorAccount.class, user);
        return a == null || a.isDisabled() ? Optional.empty() : Optional.of(a.getRole());
    }

    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public boolean totpEnrolled(String user) {
        OperatorAccount a = em.find(OperatorAccount.class, user);
        return a != null && a.getTotpSecret() != null;
    }

    /**
     * Enrols {@code secret} if {@code code} proves the operator's app holds it; refuses when a secret is already
     * enrolled (replacing one is an admin's act, {@link #resetTotp}, not a side door of the sign-in).
     */
    public boolean enrolTotp(String user, byte[] secret, String code, Instant now) {
        OperatorAccount a = locked(user);
        if (a == null || a.getTotpSecret() != null) {
            return false;
        }
        OptionalLong step = totp.verify(secret, code, now, a.getTotpLastStep());
        if (step.isEmpty()) {
            return false;
        }
        a.enrolTotp(secrets.sealer().seal(secret), step.getAsLong());
        LOG.info(() -> user + " enrolled a TOTP second factor");
        return true;
    }

    /** Checks a code of the enrolled secret; a code is accepted once, on any node. False when nothing is enrolled. */
    public boolean verifyTotp(String user, String code, Instant now) {
        OperatorAccount a = locked(user);
        if (a == null || a.getTotpSecret() == null) {
            return false;
        }
        byte[] secret = secrets.sealer().open(a.getTotpSecret());
        if (!SealedSecrets.isSealed(a.getTotpSecret())) {
            a.sealTotpSecret(secrets.sealer().seal(secret)); // a row from before sealing: sealed at its first use
        }
        OptionalLong step = totp.verify(secret, code, now, a.getTotpLastStep());
        step.ifPresent(a::spendTotpStep);
        return step.isPresent();
    }

    /**
     * Issues {@value RecoveryCodes#COUNT} new recovery codes, replacing any earlier ones; only their hashes are kept.
     *
     * @return the codes in clear, to be shown once
     */
    public List<String> issueRecoveryCodes(String user) {
        OperatorAccount a = locked(user);
        List<String> codes = RecoveryCodes.generate(RANDOM);
        a.replaceRecoveryHashes(codes.stream().map(hasher::hash).toList());
        return codes;
    }

    /** Accepts an unused recovery code in place of a TOTP code, and spends it. */
    public boolean useRecoveryCode(String user, String typed) {
        Optional<String> code = RecoveryCodes.normalize(typed);
        OperatorAccount a = code.isEmpty() ? null : locked(user);
        if (a == null || a.getTotpSecret() == null) {
            return false;
        }
        for (String hash : a.recoveryHashes()) {
            if (hasher.verify(code.get(), hash)) {
                List<String> left = new ArrayList<>(a.recoveryHashes());
                left.remove(hash);
                a.replaceRecoveryHashes(left);
                LOG.warning(() -> user + " signed in with a recovery code; " + left.size() + " left");
                return true;
            }
        }
        return false;
    }

    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public List<OperatorSummary> list() {
        return em.createNamedQuery(OperatorAccount.ALL, OperatorAccount.class).getResultList().stream()
                .map(a -> new OperatorSummary(a.getUsername(), a.getRole(), a.isDisabled(), a.getTotpSecret() != null,
                        a.getCreatedAt(), a.getCreatedBy()))
                .toList();
    }

    /** @return the new account's user name as stored */
    public String create(String typedUser, OperatorRole role, String password, String createdBy)
            throws OperatorRequestException {
        String user = OperatorNames.user(typedUser);
        OperatorNames.checkPassword(password);
        if (role == null) {
            throw new OperatorRequestException("role: one of admin, operator, auditor");
        }
        if (AdminAccount.USER.equals(user) || em.find(OperatorAccount.class, user) != null) {
            throw new OperatorRequestException("user " + user + " exists");
        }
        em.persist(new OperatorAccount(user, role, hasher.hash(password), clock.instant(), createdBy));
        return user;
    }

    /**
     * An operator's own new password, given the current one. The built-in admin's password lives in the configuration
     * ({@code pec.admin.password}), so it is refused here with that reason.
     *
     * @return false when the current password is wrong (the caller slows and counts it like a failed sign-in)
     */
    public boolean changeOwnPassword(String user, String current, String next) throws OperatorRequestException {
        if (AdminAccount.USER.equals(user)) {
            throw new OperatorRequestException("the built-in admin's password is set in the configuration "
                    + "(pec.admin.password), not here");
        }
        OperatorAccount a = user == null ? null : em.find(OperatorAccount.class, user);
        if (a == null || a.isDisabled() || a.getPasswordHash() == null || current == null
                || !hasher.verify(current, a.getPasswordHash())) {
            return false;
        }
        OperatorNames.checkPassword(next);
        if (hasher.verify(next, a.getPasswordHash())) {
            throw new OperatorRequestException("password: the new password must differ from the current one");
        }
        a.replacePasswordHash(hasher.hash(next));
        return true;
    }

    /** An admin sets a new password for an operator who forgot theirs (they give it to them out of band). */
    public void setPassword(String user, String password) throws OperatorRequestException {
        OperatorNames.checkPassword(password);
        changeable(user).replacePasswordHash(hasher.hash(password));
    }

    /** Disables or enables an account; a disabled account signs in nowhere, and its open sessions lose access. */
    public void setDisabled(String user, boolean disabled) throws OperatorRequestException {
        OperatorAccount a = changeable(user);
        if (disabled) {
            a.disable();
        } else {
            a.enable();
        }
    }

    /**
     * Gives an operator another role; their open sessions follow at their next request.
     *
     * @return the role they had
     */
    public OperatorRole changeRole(String user, OperatorRole role) throws OperatorRequestException {
        if (role == null) {
            throw new OperatorRequestException("role: one of admin, operator, auditor");
        }
        OperatorAccount a = changeable(user);
        OperatorRole before = a.getRole();
        a.changeRole(role);
        return before;
    }

    /** Forgets an operator's second factor: they enrol again at their next sign-in. */
    public void resetTotp(String user) throws OperatorRequestException {
        changeable(user).resetTotp();
    }

    /**
     * Creates the built-in admin's row on the first start, taking over a second factor enrolled before it lived in
     * the database (the per-node files of earlier versions). Its own transaction: a node that loses the race to
     * another node's insert just fails this call.
     *
     * @return true if the row was created now
     */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public boolean seedAdmin(Optional<AdminAccount.LegacySecondFactor> legacy) {
        if (em.find(OperatorAccount.class, AdminAccount.USER) != null) {
            return false;
        }
        OperatorAccount a = new OperatorAccount(AdminAccount.USER, OperatorRole.ADMIN, null, clock.instant(), "system");
        legacy.ifPresent(l -> {
            a.enrolTotp(secrets.sealer().seal(l.secret()), 0);
            a.replaceRecoveryHashes(l.recoveryHashes());
        });
        em.persist(a);
        em.flush();
        return true;
    }

    private OperatorAccount changeable(String user) throws OperatorRequestException {
        if (AdminAccount.USER.equals(user)) {
            throw new OperatorRequestException("the built-in admin cannot be changed here");
        }
        OperatorAccount a = user == null ? null : locked(user);
        if (a == null) {
            throw new OperatorRequestException("no operator " + user);
        }
        return a;
    }

    private OperatorAccount locked(String user) {
        return em.find(OperatorAccount.class, user, LockModeType.PESSIMISTIC_WRITE);
    }
}
