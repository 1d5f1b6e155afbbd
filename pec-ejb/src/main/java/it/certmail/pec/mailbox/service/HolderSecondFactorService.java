package it.certmail.pec.mailbox.service;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.logging.Logger;

import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;

import it.certmail.pec.mailbox.domain.MailboxNotFoundException;
import it.certmail.pec.mailbox.infra.JpaMailboxDirectory;
import it.certmail.pec.mailbox.model.HolderSecondFactor;
import it.certmail.pec.mailbox.model.Mailbox;
import it.certmail.pec.platform.service.SecretKeys;
import it.certmail.pec.security.domain.SealedSecrets;
import it.certmail.pec.security.domain.RecoveryCodes;
import it.certmail.pec.security.domain.Totp;
import it.certmail.pec.security.infra.Argon2idPasswordHasher;

/**
 * Verifica in due passaggi del titolare (optional): the holder enrols a TOTP app with a secret and a code from it,
 * gets {@value RecoveryCodes#COUNT} recovery codes once, and from then on signs in to the web area with the web
 * password and a code (or one recovery code). The same {@link Totp} and {@link RecoveryCodes} as the operators'
 * console; the secret lives in the database row of the mailbox. Each method is one transaction; the row is locked
 * while a code is checked, so a code posted twice in parallel works once.
 */
@Stateless
public class HolderSecondFactorService {

    private static final Logger LOG = Logger.getLogger(HolderSecondFactorService.class.getName());
    private static final Totp TOTP = Totp.standard();
    private static final Argon2idPasswordHasher HASHER = new Argon2idPasswordHasher();

    @PersistenceContext(unitName = "pec")
    EntityManager em;

    @Inject
    Clock clock;

    @Inject
    SecretKeys secrets;

    public boolean enrolled(String address) throws MailboxNotFoundException {
        return em.find(HolderSecondFactor.class, mailbox(address).getId()) != null;
    }

    /**
     * Enrols {@code secret} if {@code code} proves the holder's app holds it; refused when one is enrolled already
     * (turning it off first needs a code of the old one).
     *
     * @return the recovery codes in clear, to show once; empty when the code is wrong or one is enrolled already
     */
    public Optional<List<String>> enrol(String address, byte[] secret, String code) throws MailboxNotFoundException {
        Mailbox m = mailbox(address);
        if (em.find(HolderSecondFactor.class, m.getId()) != null) {
            return Optional.empty();
        }
        OptionalLong step = TOTP.verify(secret, code, clock.instant(), Long.MIN_VALUE);
        if (step.isEmpty()) {
            return Optional.empty();
        }
        List<String> codes = RecoveryCodes.generate(new SecureRandom());
        em.persist(new HolderSecondFactor(m.getId(), secrets.sealer().seal(secret), step.getAsLong(),
                codes.stream().map(HASHER::hash).toList(), clock.instant()));
        em.flush();
        LOG.info(() -> m.getAddress() + " enrolled a TOTP second factor for the web area");
        return Optional.of(codes);
    }

    /**
     * Checks a TOTP code, or spends an unused recovery code. False also when nothing is enrolled: the caller asks
     * for a code only of mailboxes that {@link #enrolled} says have one.
     */
    public boolean verify(String address, String code) throws MailboxNotFoundException {
        Mailbox m = mailbox(address);
        HolderSecondFactor f = em.find(HolderSecondFactor.class, m.getId(), LockModeType.PESSIMISTIC_WRITE);
        if (f == null || code == null) {
            return false;
        }
        Optional<String> recovery = RecoveryCodes.normalize(code);
        if (recovery.isPresent()) {
            for (String hash : f.getRecoveryHashes()) {
                if (HASHER.verify(recovery.get(), hash)) {
                    f.recoveryCodeUsed(hash);
                    LOG.warning(() -> m.getAddress() + " signed in to the web area with a recovery code; "
                            + f.getRecoveryHashes().size() + " left");
                    return true;
                }
            }
            return false;
        }
        Instant now = clock.instant();
        byte[] secret = secrets.sealer().open(f.getTotpSecret());
        if (!SealedSecrets.isSealed(f.getTotpSecret())) {
            f.sealSecret(secrets.sealer().seal(secret)); // a row from before sealing: sealed at its first use
        }
        OptionalLong step = TOTP.verify(secret, code, now, f.getLastStep());
        step.ifPresent(f::stepUsed);
        return step.isPresent();
    }

    /** Turns the second factor off, proven with a current code (or a recovery code). */
    public boolean disable(String address, String code) throws MailboxNotFoundException {
        if (!verify(address, code)) {
            return false;
        }
        HolderSecondFactor f = em.find(HolderSecondFactor.class, mailbox(address).getId());
        em.remove(f);
        LOG.info(() -> address + " turned off the TOTP second factor of the web area");
        return true;
    }

    private Mailbox mailbox(String address) throws MailboxNotFoundException {
        return new JpaMailboxDirectory(em).require(address);
    }
}
