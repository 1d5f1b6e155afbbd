package it.certmail.pec.transport.model;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/**
 * One recipient of a {@link Transmission}: when the presa in carico and the consegna (or a failure) came back,
 * and which timeout notices went out (RFC 6109 §3.1.6). {@code nextCheckAt} is when the timeouts job looks again.
 */
@Entity
@Table(name = "recipient_tracking")
@NamedQuery(name = RecipientTracking.DUE, query = "SELECT r FROM RecipientTracking r WHERE r.nextCheckAt IS NOT NULL"
        + " AND r.nextCheckAt <= :now ORDER BY r.nextCheckAt")
@NamedQuery(name = RecipientTracking.OF_TRANSMISSION, query = "SELECT r FROM RecipientTracking r"
        + " WHERE r.transmission.pecMsgid = :msgid ORDER BY r.id")
@NamedQuery(name = RecipientTracking.HELD_NOTICES, query = "SELECT COUNT(r) FROM RecipientTracking r"
        + " WHERE r.noticeError IS NOT NULL AND r.nextCheckAt IS NOT NULL")
@NamedQuery(name = RecipientTracking.HELD_NOTICE_LIST, query = "SELECT r FROM RecipientTracking r"
        + " JOIN FETCH r.transmission WHERE r.noticeError IS NOT NULL AND r.nextCheckAt IS NOT NULL"
        + " ORDER BY r.nextCheckAt, r.id")
public class RecipientTracking {

    public static final String DUE = "RecipientTracking.due";
    /** Recipients whose timeout notice failed and still waits for another attempt (a delivered one is not). */
    public static final String HELD_NOTICES = "RecipientTracking.heldNotices";
    public static final String HELD_NOTICE_LIST = "RecipientTracking.heldNoticeList";
    public static final String OF_TRANSMISSION = "RecipientTracking.ofTransmission";

    @Id
    @SequenceGenerator(name = "recipient_tracking_seq", sequenceName = "recipient_tracking_seq", allocationSize = 50)
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "recipient_tracking_seq")
    private Long id;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "transmission_id", nullable = false)
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

    @Version
    @Column(name = "version", nullable = false)
    private long version;

    protected RecipientTracking() {
    }

    public RecipientTracking(Transmission transmission, String recipient, boolean certified, Instant dispatchedAt,
                             Instant nextCheckAt) {
        this.transmission = transmission;
        this.recipient = recipient;
        this.certified = certified;
        this.dispatchedAt = dispatchedAt;
        this.nextCheckAt = nextCheckAt;
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
