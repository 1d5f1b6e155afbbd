package it.certmail.pec.transport.core;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import it.certmail.pec.receipts.domain.TimeoutStage;
import it.certmail.pec.receipts.domain.TransactionFacts;
import it.certmail.pec.transport.domain.DeliveryDeadlines;

/**
 * Port: the tracking of each recipient of our own transmissions, as the 12 h / 24 h timeouts read and change it
 * ({@code Delivery} rows in the container), in the caller's transaction.
 */
public interface TrackedRecipients {

    /**
     * One recipient as it stands.
     *
     * @param nextCheckAt when it next needs a look; null once tracking is over
     * @param noticeFailures how many times in a row its timeout notice could not be made
     */
    record Tracked(long id, String recipient, boolean certified, DeliveryDeadlines.Tracking tracking,
            Instant nextCheckAt, int noticeFailures) {
    }

    /** The recipients whose next check has come, oldest first, at most {@code max}. */
    List<Long> due(Instant now, int max);

    Optional<Tracked> find(long id);

    /**
     * The facts of the recipient's transmission, read from its stored daticert.
     *
     * @throws RuntimeException when they cannot be read (a bad row): the caller holds that recipient
     */
    TransactionFacts facts(long id);

    /** Its timeout notice of {@code stage} went out: noted, whatever held it before is over, next check set. */
    void noticeSent(long id, TimeoutStage stage, Instant nextCheckAt);

    /** Nothing was due: the next check (null: tracking is over). */
    void nextCheckAt(long id, Instant at);

    /** Its notice could not be made: held with its error until {@code retryAt}, one more failure counted. */
    void hold(long id, String error, Instant retryAt);
}
