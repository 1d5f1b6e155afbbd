package it.certmail.pec.log.service;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

import javax.sql.DataSource;

import jakarta.annotation.Resource;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.mail.MessagingException;

import it.certmail.pec.crypto.SmimeSigner;
import it.certmail.pec.crypto.SmimeVerifier;
import it.certmail.pec.log.domain.DaySeal;
import it.certmail.pec.log.domain.LogVerification;
import it.certmail.pec.log.domain.LogVerifier;
import it.certmail.pec.log.domain.RetentionPolicy;
import it.certmail.pec.log.infra.CmsSealSignatures;
import it.certmail.pec.log.infra.LogChainStore;
import it.certmail.pec.platform.service.ProviderKeys;

/**
 * Chains the registro, seals its closed days with the provider's signing key and verifies it (LogChain explains the
 * order). Each chaining or sealing call is its own short transaction; the sealing job calls them in turn.
 */
@Stateless
public class LogSeals {

    /** Entries chained per transaction. */
    public static final int CHAIN_BATCH = 2000;

    @Resource(lookup = "jdbc/pec")
    DataSource dataSource;

    @Inject
    ProviderKeys keys;

    @Inject
    Clock clock;

    /** @return how many entries it chained: fewer than {@link #CHAIN_BATCH} once none are left */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public int chainPending() {
        try (Connection c = dataSource.getConnection()) {
            return new LogChainStore(c).chainPending(CHAIN_BATCH);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot chain the registro: " + e.getMessage(), e);
        }
    }

    /** Seals the next closed day, if one is due: its chain completed, the seal signed by the provider. */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public Optional<LocalDate> sealNextDay() {
        Instant now = clock.instant();
        SmimeSigner signer = keys.signer();
        Instant signingTime = now.truncatedTo(ChronoUnit.SECONDS);
        try (Connection c = dataSource.getConnection()) {
            return new LogChainStore(c).sealNext(now, content -> {
                try {
                    return signer.signDetached(content, signingTime);
                } catch (MessagingException e) {
                    throw new IllegalStateException("cannot sign the seal: " + e.getMessage(), e);
                }
            }).map(DaySeal::day);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot seal the registro: " + e.getMessage(), e);
        }
    }

    /** The first month retention must keep because not all its days are sealed. */
    public YearMonth firstMonthNotWhollySealed() {
        try (Connection c = dataSource.getConnection()) {
            return new LogChainStore(c).firstMonthNotWhollySealed(clock.instant());
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** After retention removed the months before {@code firstKept}: their seals stay, marked as such. */
    public int markDropped(YearMonth firstKept) {
        try (Connection c = dataSource.getConnection()) {
            return new LogChainStore(c).markDropped(firstKept);
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /**
     * Checks the whole registro, day by day, from the first seal or entry to today, outside any transaction.
     */
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public LogVerification verify() {
        return verify(null, null);
    }

    /**
     * Checks the days from {@code from} to {@code to}, both included (null: the first day, today), and the link of
     * the chain of seals to the day before {@code from}; outside any transaction.
     *
     * @throws IllegalArgumentException when {@code from} is after {@code to}
     */
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public LogVerification verify(LocalDate from, LocalDate to) {
        Instant now = clock.instant();
        LogVerifier verifier = new LogVerifier(new CmsSealSignatures(new SmimeVerifier(keys.trustAnchors(), clock),
                keys.material().signing().signerAddress()), RetentionPolicy.PEC_LOG, now);
        try (Connection c = dataSource.getConnection()) {
            return new LogChainStore(c).verify(verifier, now, from, to);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the registro: " + e.getMessage(), e);
        }
    }
}
