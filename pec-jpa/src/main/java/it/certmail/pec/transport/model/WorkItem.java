package it.certmail.pec.transport.model;

import java.time.Instant;
import java.util.List;

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
import jakarta.persistence.Version;

/**
 * A message waiting for the reception point or for the SMTP relay, durable from the moment the SMTP 250 (or the
 * API 202) was given. Workers claim items with a lease; an item whose lease ran out (its node died) is claimed
 * again. State changes go through the methods below.
 */
@Entity
@Table(name = "work_item")
@NamedQuery(name = WorkItem.DUE, query = "SELECT w.id FROM WorkItem w WHERE w.queue = :queue AND w.state = "
        + "it.certmail.pec.transport.model.WorkState.QUEUED AND w.nextAttemptAt <= :now AND (w.leaseUntil IS NULL "
        + "OR w.leaseUntil < :now) ORDER BY w.nextAttemptAt")
@NamedQuery(name = WorkItem.BY_STATE, query = "SELECT w FROM WorkItem w WHERE w.state = :state ORDER BY w.id")
public class WorkItem {

    public static final String DUE = "WorkItem.due";
    public static final String BY_STATE = "WorkItem.byState";

    @Id
    @SequenceGenerator(name = "work_item_seq", sequenceName = "work_item_seq", allocationSize = 50)
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "work_item_seq")
    private Long id;

    @Enumerated(EnumType.STRING)
    @Column(name = "queue", nullable = false, length = 16)
    private WorkQueue queue;

    @Enumerated(EnumType.STRING)
    @Column(name = "state", nullable = false, length = 16)
    private WorkState state;

    @Column(name = "blob_id", nullable = false)
    private long blobId;

    @Column(name = "mail_from", nullable = false, length = 320)
    private String mailFrom;

    @Column(name = "recipients", nullable = false, length = 100000)
    private String recipients;

    @Column(name = "target", nullable = false, length = 255)
    private String target;

    @Column(name = "tls", nullable = false)
    private boolean tls;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "next_attempt_at", nullable = false)
    private Instant nextAttemptAt;

    @Column(name = "expires_at", nullable = false)
    private Instant expiresAt;

    @Column(name = "attempts", nullable = false)
    private int attempts;

    @Column(name = "lease_owner", length = 128)
    private String leaseOwner;

    @Column(name = "lease_until")
    private Instant leaseUntil;

    @Column(name = "last_error", length = 4000)
    private String lastError;

    @Version
    @Column(name = "version", nullable = false)
    private long version;

    protected WorkItem() {
    }

    public WorkItem(WorkQueue queue, long blobId, String mailFrom, List<String> recipients, String target, boolean tls,
                    Instant now, Instant expiresAt) {
        this.queue = queue;
        this.state = WorkState.QUEUED;
        this.blobId = blobId;
        this.mailFrom = mailFrom;
        this.recipients = String.join(" ", recipients);
        this.target = target;
        this.tls = tls;
        this.createdAt = now;
        this.nextAttemptAt = now;
        this.expiresAt = expiresAt;
    }

    public void done() {
        state = WorkState.DONE;
        release();
    }

    public void retryAt(Instant next, String error) {
        attempts++;
        lastError = truncate(error);
        nextAttemptAt = next;
        release();
    }

    /** Keeps only these recipients (the others are settled), e.g. before retrying the ones that failed. */
    public void narrowTo(List<String> remaining) {
        if (remaining.isEmpty()) {
            throw new IllegalArgumentException("a work item needs at least one recipient");
        }
        recipients = String.join(" ", remaining);
    }

    public void fail(String error) {
        attempts++;
        state = WorkState.FAILED;
        lastError = truncate(error);
        release();
    }

    public void hold(String error) {
        state = WorkState.HELD;
        lastError = truncate(error);
        release();
    }

    /** An admin sends a held item back to its queue. */
    public void requeue(Instant now) {
        state = WorkState.QUEUED;
        nextAttemptAt = now;
        release();
    }

    private void release() {
        leaseOwner = null;
        leaseUntil = null;
    }

    private static String truncate(String s) {
        return s == null || s.length() <= 4000 ? s : s.substring(0, 4000);
    }

    public Long getId() { return id; }
    public WorkQueue getQueue() { return queue; }
    public WorkState getState() { return state; }
    public long getBlobId() { return blobId; }
    public String getMailFrom() { return mailFrom; }
    public List<String> getRecipients() { return recipients.isBlank() ? List.of() : List.of(recipients.split(" ")); }
    public String getTarget() { return target; }
    public boolean isTls() { return tls; }
    public Instant getCreatedAt() { return createdAt; }
    public Instant getNextAttemptAt() { return nextAttemptAt; }
    public Instant getExpiresAt() { return expiresAt; }
    public int getAttempts() { return attempts; }
    public String getLeaseOwner() { return leaseOwner; }
    public Instant getLeaseUntil() { return leaseUntil; }
    public String getLastError() { return lastError; }
}
