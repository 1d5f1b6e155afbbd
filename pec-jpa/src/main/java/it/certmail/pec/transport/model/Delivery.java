package it.certmail.pec.transport.model;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.QueryHint;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/**
 * Where one message stands for one recipient (ADR 0003), the single source of truth: how it leaves this provider
 * ({@link #getStatus()}: filed by our reception point, queued for the relay with its attempts, next attempt and
 * lease, handed to the peer, refused, expired or held) and, for a recipient of our own {@link Transmission}, what
 * came back (the presa in carico, the consegna or a failure) and which timeout notices went out (RFC 6109 §3.1.6);
 * {@code nextCheckAt} is when the timeouts job looks again. A message we relay that is not a transmission of ours (a
 * receipt for another provider's user) has rows without a transmission.
 */
@Entity
@Table(name = "delivery")
@NamedQuery(name = Delivery.DUE, query = "SELECT r FROM Delivery r WHERE r.nextCheckAt IS NOT NULL"
        + " AND r.nextCheckAt <= :now ORDER BY r.nextCheckAt")
@NamedQuery(name = Delivery.OF_TRANSMISSION_LOCKED, query = "SELECT r FROM Delivery r"
        + " WHERE r.transmission.pecMsgid = :msgid ORDER BY r.id",
        hints = @QueryHint(name = "eclipselink.pessimistic-lock", value = "Lock"))
@NamedQuery(name = Delivery.HELD_NOTICES, query = "SELECT COUNT(r) FROM Delivery r"
        + " WHERE r.noticeError IS NOT NULL AND r.nextCheckAt IS NOT NULL")
@NamedQuery(name = Delivery.RELAY_DUE, query = "SELECT d.blobId, d.domain FROM Delivery d WHERE d.status = :queued"
        + " AND d.nextAttemptAt <= :now AND (d.leaseUntil IS NULL OR d.leaseUntil < :now)"
        + " ORDER BY d.nextAttemptAt, d.id")
@NamedQuery(name = Delivery.RELAY_BATCH, query = "SELECT d FROM Delivery d WHERE d.status = :queued"
        + " AND d.blobId = :blob AND d.domain = :domain AND d.leaseOwner = :owner AND d.leaseUntil = :until"
        + " ORDER BY d.id")
@NamedQuery(name = Delivery.QUEUED_WITHOUT_TRANSMISSION, query = "SELECT d FROM Delivery d WHERE d.blobId = :blob"
        + " AND d.status = :queued AND d.transmission IS NULL")
@NamedQuery(name = Delivery.HELD_NOTICE_LIST, query = "SELECT r FROM Delivery r"
        + " JOIN FETCH r.transmission WHERE r.noticeError IS NOT NULL AND r.nextCheckAt IS NOT NULL"
        + " ORDER BY r.nextCheckAt, r.id")
public class Delivery {

    public static final String DUE = "Delivery.due";
    /** Recipients whose timeout notice failed and still waits for another attempt (a delivered one is not). */
    public static final String HELD_NOTICES = "Delivery.heldNotices";
    public static final String HELD_NOTICE_LIST = "Delivery.heldNoticeList";
    /**
     * Parameter {@code msgid}: a transmission's rows under a write lock. The lock is EclipseLink's hint, built into
     * the query once; JPA's {@code lockMode} is applied on every {@code createNamedQuery} and had the SQL prepared
     * again each time.
     */
    public static final String OF_TRANSMISSION_LOCKED = "Delivery.ofTransmissionLocked";
    /** The ids of the rows the relay may attempt now, the next due first. */
    public static final String RELAY_DUE = "Delivery.relayDue";
    /** The relay rows a message was just queued with, before its transmission is attached. */
    public static final String QUEUED_WITHOUT_TRANSMISSION = "Delivery.queuedWithoutTransmission";
    /** The rows of one (message, domain) one relay attempt leased. */
    public static final String RELAY_BATCH = "Delivery.relayBatch";

    @Id
    @SequenceGenerator(name = "recipient_tracking_seq", sequenceName = "recipient_tracking_seq", allocationSize = 50)
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "recipient_tracking_seq")
    private Long id;

    /** Null for a message we relay that is not a transmission of ours. */
    @ManyToOne(fetch = FetchType.LAZY)
    @JoinColumn(name = "transmission_id")
    private Transmission transmission;

    @Column(name = "recipient", nullable = false, length = 320)
    private String recipient;

    @Column(name = "certified", nullable = false)
    private boolean certified;

    @Column(name = "dispatched_at", nullable = false)
    private Instant dispatchedAt;

    @Column(name = "taken_charge_at")
    private Instant takenChargeAt;

    @Column(name = "delivered_at")
    private Instant deliveredAt;

    // the signed presa in carico our own reception point issued for this recipient, kept here instead of in the
    // service mailbox (V91); the row holds one reference on the blob
    @Column(name = "take_charge_blob_id")
    private Long takeChargeBlobId;

    @Column(name = "failed_at")
    private Instant failedAt;

    @Column(name = "warning_sent", nullable = false)
    private boolean warningSent;

    @Column(name = "final_sent", nullable = false)
    private boolean finalSent;

    @Column(name = "next_check_at")
    private Instant nextCheckAt;

    /** Why the last attempt to make this recipient's timeout notice failed; null once one was sent. */
    @Column(name = "notice_error", length = 4000)
    private String noticeError;

    /** Failed attempts in a row at the timeout notice: the wait before the next one grows with it. */
    @Column(name = "notice_failures", nullable = false)
    private int noticeFailures;

    @Enumerated(EnumType.STRING)
    @Column(name = "status", nullable = false, length = 16)
    private DeliveryStatus status;

    /** The destination domain of a relayed recipient; null for one of ours. */
    @Column(name = "domain", length = 255)
    private String domain;

    /** The stored message the relay offers; the row holds one reference on it while {@link DeliveryStatus#QUEUED}. */
    @Column(name = "blob_id")
    private Long blobId;

    /** The SMTP envelope sender the relay gives. */
    @Column(name = "mail_from", length = 320)
    private String mailFrom;

    @Column(name = "attempts", nullable = false)
    private int attempts;

    @Column(name = "next_attempt_at")
    private Instant nextAttemptAt;

    /** RFC 6109 §2.2.2: nothing is offered to a peer after it; fixed when the row is queued. */
    @Column(name = "expire_at")
    private Instant expireAt;

    @Column(name = "lease_owner", length = 128)
    private String leaseOwner;

    @Column(name = "lease_until")
    private Instant leaseUntil;

    /** What the last relay attempt came to, when it was not a 250; why the row is held. */
    @Column(name = "last_error", length = 4000)
    private String lastError;

    @Version
    @Column(name = "version", nullable = false)
    private long version;

    protected Delivery() {
    }

    /** A recipient in one of our own domains: our reception point takes the message, no relay. */
    public static Delivery local(Transmission transmission, String recipient, boolean certified, Instant dispatchedAt,
            Instant nextCheckAt) {
        return new Delivery(transmission, recipient, certified, dispatchedAt, nextCheckAt, DeliveryStatus.LOCAL);
    }

    /**
     * A recipient in another domain, due for the relay at once: {@code transmission} null for a message that is not
     * a transmission of ours. The caller gives the row its reference on the blob.
     */
    public static Delivery queued(Transmission transmission, String recipient, boolean certified, Instant dispatchedAt,
            Instant nextCheckAt, String domain, long blobId, String mailFrom, Instant expireAt) {
        Delivery d = new Delivery(transmission, recipient, certified, dispatchedAt, nextCheckAt, DeliveryStatus.QUEUED);
        d.queuedFor(domain, blobId, mailFrom, dispatchedAt, expireAt);
        return d;
    }

    /** The relay's part of the row: where it goes, what it carries, when it is due, unleased. */
    private void queuedFor(String domain, long blobId, String mailFrom, Instant nextAttemptAt, Instant expireAt) {
        this.domain = domain;
        this.blobId = blobId;
        this.mailFrom = mailFrom;
        this.nextAttemptAt = nextAttemptAt;
        this.expireAt = expireAt;
        this.leaseOwner = null;
        this.leaseUntil = null;
    }

    private Delivery(Transmission transmission, String recipient, boolean certified, Instant dispatchedAt,
            Instant nextCheckAt, DeliveryStatus status) {
        this.transmission = transmission;
        this.recipient = recipient;
        this.certified = certified;
        this.dispatchedAt = dispatchedAt;
        this.nextCheckAt = nextCheckAt;
        this.status = status;
    }

    /** The access point's transmission takes this row, queued with its envelope, as one of its recipients. */
    public void openedBy(Transmission transmission, boolean certified, Instant nextCheckAt) {
        this.transmission = transmission;
        this.certified = certified;
        this.nextCheckAt = nextCheckAt;
    }

    /**
     * The recipient of a relay work item of a release before these rows (ADR 0003), moved here at start-up with
     * the item's state: queued again (or held, as the item was), its attempts, next attempt, limit and error.
     */
    public void movedFromWork(String domain, long blobId, String mailFrom, int attempts, Instant nextAttemptAt,
            Instant expireAt, String lastError, boolean held) {
        this.status = held ? DeliveryStatus.HELD : DeliveryStatus.QUEUED;
        queuedFor(domain, blobId, mailFrom, nextAttemptAt, expireAt);
        this.attempts = attempts;
        this.lastError = cut(lastError);
    }

    // ---- the relay's part: each transition only from QUEUED, by the lease's owner (the caller checks the lease)

    /** The peer took the message for this recipient (its 250): the relay is done with it. */
    public void handedOn() {
        leaveQueue(DeliveryStatus.RELAYED, null);
    }

    /** The peer refused this recipient for good (5xx), or there is no route: never offered again. */
    public void refused(String error) {
        attempts++;
        leaveQueue(DeliveryStatus.REFUSED, error);
    }

    /** Not handed on within 24 hours (RFC 6109 §2.2.2): never offered again; the 24 h notice tells the sender. */
    public void expired(String error) {
        attempts++;
        leaveQueue(DeliveryStatus.EXPIRED, error);
    }

    /** Failed for now: offered again at {@code at}. */
    public void retryAt(Instant at, String error) {
        attempts++;
        nextAttemptAt = at;
        lastError = cut(error);
        leaseOwner = null;
        leaseUntil = null;
    }

    /** Cannot be processed (its message is gone, a bug): kept for an operator, never offered again by itself. */
    public void hold(String reason) {
        leaveQueue(DeliveryStatus.HELD, reason);
    }

    /** An operator sends a held row back to the relay, due at once with a fresh count. */
    public boolean requeue(Instant now) {
        if (status != DeliveryStatus.HELD) {
            return false;
        }
        status = DeliveryStatus.QUEUED;
        attempts = 0;
        nextAttemptAt = now;
        return true;
    }

    private void leaveQueue(DeliveryStatus to, String error) {
        status = to;
        lastError = cut(error);
        leaseOwner = null;
        leaseUntil = null;
    }

    private static String cut(String error) {
        return error == null || error.length() <= 4000 ? error : error.substring(0, 4000);
    }


    /** A presa in carico covering this recipient arrived; only the first one counts. */
    public void takenCharge(Instant at) {
        if (takenChargeAt == null) {
            takenChargeAt = at;
        }
    }

    /**
     * Our own presa in carico covering this recipient, kept as evidence with the delivery state; only the first
     * counts.
     *
     * @return whether this row now holds the blob (the caller gives it one reference)
     */
    public boolean takenChargeKept(Instant at, long blobId) {
        takenCharge(at);
        if (takeChargeBlobId != null) {
            return false;
        }
        takeChargeBlobId = blobId;
        return true;
    }

    public void delivered(Instant at) {
        if (deliveredAt == null) {
            deliveredAt = at;
        }
    }

    /** A mancata consegna came back: the transaction for this recipient ended negatively, no timeouts follow. */
    public void failed(Instant at) {
        if (failedAt == null) {
            failedAt = at;
        }
        nextCheckAt = null;
    }

    public void warningSent() {
        warningSent = true;
    }

    public void finalSent() {
        finalSent = true;
        nextCheckAt = null;
    }

    /** The timeout notice could not be made: held with its error until {@code retryAt}, the others go on. */
    public void noticeFailed(String error, Instant retryAt) {
        noticeError = error == null ? "unknown error"
                : error.length() > 4000 ? error.substring(0, 4000) : error;
        noticeFailures++;
        nextCheckAt(retryAt);
    }

    /** An operator asks for the held notice to be tried again at {@code now}, not after the growing wait. */
    public boolean retryNoticeNow(Instant now) {
        if (noticeError == null || nextCheckAt == null) {
            return false;
        }
        nextCheckAt = now;
        return true;
    }

    /** A timeout notice went out: whatever held this recipient before is over. */
    public void noticeMade() {
        noticeError = null;
        noticeFailures = 0;
    }

    public void nextCheckAt(Instant at) {
        nextCheckAt = failedAt != null ? null : at;
    }

    public Long getId() { return id; }
    public DeliveryStatus getStatus() { return status; }
    public String getDomain() { return domain; }
    public Long getBlobId() { return blobId; }
    public String getMailFrom() { return mailFrom; }
    public int getAttempts() { return attempts; }
    public Instant getNextAttemptAt() { return nextAttemptAt; }
    public Instant getExpireAt() { return expireAt; }
    public String getLeaseOwner() { return leaseOwner; }
    public Instant getLeaseUntil() { return leaseUntil; }
    public String getLastError() { return lastError; }
    public Long getTakeChargeBlobId() { return takeChargeBlobId; }
    public Transmission getTransmission() { return transmission; }
    public String getRecipient() { return recipient; }
    public boolean isCertified() { return certified; }
    public Instant getDispatchedAt() { return dispatchedAt; }
    public Instant getTakenChargeAt() { return takenChargeAt; }
    public Instant getDeliveredAt() { return deliveredAt; }
    public Instant getFailedAt() { return failedAt; }
    public boolean isWarningSent() { return warningSent; }
    public boolean isFinalSent() { return finalSent; }
    public Instant getNextCheckAt() { return nextCheckAt; }
    public String getNoticeError() { return noticeError; }
    public int getNoticeFailures() { return noticeFailures; }
}
