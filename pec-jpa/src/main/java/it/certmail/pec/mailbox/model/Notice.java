package it.certmail.pec.mailbox.model;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;

/**
 * Comunicazione al titolare (outbox): an e-mail to the reference address, an SMS, or a PEC notice into the
 * mailbox. Written with the step that causes it (unique by {@code dedupeKey}), sent later by the notices job.
 */
@Entity
@Table(name = "notice")
@NamedQuery(name = Notice.PENDING, query = "SELECT n FROM Notice n WHERE n.sentAt IS NULL AND n.attempts < :maxAttempts"
        + " ORDER BY n.createdAt, n.id")
@NamedQuery(name = Notice.BY_MAILBOX, query = "SELECT n FROM Notice n WHERE n.mailboxAddress = :address"
        + " ORDER BY n.createdAt, n.id")
@NamedQuery(name = Notice.COUNT_KEY, query = "SELECT COUNT(n) FROM Notice n WHERE n.dedupeKey = :key")
public class Notice {

    public static final String PENDING = "Notice.pending";
    public static final String BY_MAILBOX = "Notice.byMailbox";
    public static final String COUNT_KEY = "Notice.countKey";

    /** Canale. */
    public enum Channel { EMAIL, SMS, PEC }

    @Id
    @SequenceGenerator(name = "notice_seq", sequenceName = "notice_seq", allocationSize = 50)
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "notice_seq")
    private Long id;

    @Column(name = "mailbox_address", nullable = false, length = 320)
    private String mailboxAddress;

    @Enumerated(EnumType.STRING)
    @Column(name = "channel", nullable = false, length = 8)
    private Channel channel;

    @Column(name = "recipient", nullable = false, length = 320)
    private String recipient;

    @Column(name = "subject", nullable = false)
    private String subject;

    @Column(name = "body", nullable = false, length = 4000)
    private String body;

    @Column(name = "dedupe_key", nullable = false, unique = true, length = 400)
    private String dedupeKey;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "sent_at")
    private Instant sentAt;

    @Column(name = "attempts", nullable = false)
    private int attempts;

    @Column(name = "last_error", length = 500)
    private String lastError;

    /** A stored message sent along as an attachment (a rule's forwarded copy); the notice holds a blob reference. */
    @Column(name = "attached_blob_id")
    private Long attachedBlobId;

    protected Notice() {
    }

    public Notice(String mailboxAddress, Channel channel, String recipient, String subject, String body, String dedupeKey,
            Instant createdAt) {
        this.mailboxAddress = mailboxAddress;
        this.channel = channel;
        this.recipient = recipient;
        this.subject = subject;
        this.body = body.length() <= 4000 ? body : body.substring(0, 4000);
        this.dedupeKey = dedupeKey;
        this.createdAt = createdAt;
    }

    public void sent(Instant at) {
        this.sentAt = at;
        this.attempts++;
        this.lastError = null;
    }

    public void failed(String error) {
        this.attempts++;
        this.lastError = error == null || error.length() <= 500 ? error : error.substring(0, 500);
    }

    /** The caller took a reference on the blob for this notice. */
    public void attach(long blobId) {
        this.attachedBlobId = blobId;
    }

    public Long getAttachedBlobId() { return attachedBlobId; }
    public Long getId() { return id; }
    public String getMailboxAddress() { return mailboxAddress; }
    public Channel getChannel() { return channel; }
    public String getRecipient() { return recipient; }
    public String getSubject() { return subject; }
    public String getBody() { return body; }
    public String getDedupeKey() { return dedupeKey; }
    public Instant getCreatedAt() { return createdAt; }
    public Instant getSentAt() { return sentAt; }
    public int getAttempts() { return attempts; }
    public String getLastError() { return lastError; }
}
