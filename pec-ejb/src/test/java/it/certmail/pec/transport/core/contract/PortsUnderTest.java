package it.certmail.pec.transport.core.contract;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import it.certmail.pec.log.domain.LogEvent;
import it.certmail.pec.mailbox.model.MailboxStatus;
import it.certmail.pec.transport.core.BlobAccess;
import it.certmail.pec.transport.core.Dispatch;
import it.certmail.pec.transport.core.NoticeRoute;
import it.certmail.pec.transport.core.OfficialLog;
import it.certmail.pec.transport.core.ReceivingMailboxes;
import it.certmail.pec.transport.core.RecipientDomains;
import it.certmail.pec.transport.core.SendingMailboxes;
import it.certmail.pec.transport.core.TransmissionLocks;
import it.certmail.pec.transport.core.TransmissionRecords;
import it.certmail.pec.transport.model.DeliveryStatus;
import it.certmail.pec.transport.queue.WorkQueue;

/**
 * One set of adapters of the transport core's ports with stores behind them (the in-memory ones, or the JPA/JDBC
 * ones over a database), as the contracts of this package drive them: a step at a time, each step one transaction
 * that commits or rolls back as a whole, as the EJB shells run the core. Set-up and observation go around the ports
 * (what another part of the platform does, or what an administrator would see); the ports themselves are used only
 * inside steps.
 */
public interface PortsUnderTest {

    /** Our provider's one domain at the start. */
    String OUR_DOMAIN = "pec.nostro.test";
    /** Another provider's domain. */
    String OTHER_DOMAIN = "pec.altro.test";
    /** A third provider's domain. */
    String THIRD_DOMAIN = "pec.terzo.test";
    /** Our service mailbox: the sender of the notices we relay, the receiver of our own presa in carico. */
    String SERVICE_ADDRESS = "posta-certificata@" + OUR_DOMAIN;

    /** The ports of one step, valid only while it runs. */
    record Ports(BlobAccess blobs, ReceivingMailboxes receiving, SendingMailboxes sending, RecipientDomains domains,
            Dispatch dispatch, TransmissionRecords transmissions, TransmissionLocks locks, OfficialLog log,
            NoticeRoute notices) {
    }

    /** What a step does with the ports. */
    @FunctionalInterface
    interface Step<T> {
        T run(Ports ports) throws Exception;
    }

    /** One message in a mailbox's INBOX as its holder would list and read it. */
    record Deposited(String subject, String pecKind, Instant at, byte[] bytes) {
    }

    /**
     * Runs {@code step} in one transaction that commits when it returns; when it throws, the transaction rolls back
     * and the exception is thrown again. Another thread's step waits for its turn where the adapter needs one.
     */
    <T> T inStep(Step<T> step) throws Exception;

    /** Runs {@code step} in one transaction that then rolls back, as a step that failed after all its effects. */
    void rolledBack(Step<?> step) throws Exception;

    // ---- set-up, committed at once

    /** A mailbox of ours in {@link #OUR_DOMAIN} (or another domain of ours), in the given standing. */
    void addMailbox(String address, MailboxStatus status, boolean acceptsOrdinaryMail);

    /** One more domain of ours, as the administrator creates it while the transport runs. */
    void addLocalDomain(String domain);

    // ---- the committed state

    /** The holders of a blob; 0 when it is gone. */
    int references(long blobId);

    /** A mailbox's INBOX, oldest first; empty when there is no such mailbox. */
    List<Deposited> inbox(String address);

    /** The registro, in the order of recording. */
    List<LogEvent> logged();

    /** The transmission opened under that msgid, as it would be opened again from the store. */
    Optional<TransmissionRecords.NewTransmission> transmission(String pecMsgid);

    /** All the work queued (our reception point's: the relay works delivery rows), oldest first. */
    List<WorkQueue.Work> queued();

    /**
     * One delivery row (ADR 0003) as an administrator would read it: its transmission ({@code null} for a message
     * we relay that is not one of ours), the recipient and its tracking, how it leaves us and, for the relay, the
     * domain, the message, the envelope sender and the 24 h limit.
     */
    record DeliveryRow(String pecMsgid, String recipient, boolean certified, Instant nextCheckAt,
            DeliveryStatus status, String domain, Long blobId, String mailFrom, int attempts, Instant nextAttemptAt,
            Instant expireAt) {
    }

    /** All the delivery rows, in the order they were written. */
    List<DeliveryRow> deliveries();
}
