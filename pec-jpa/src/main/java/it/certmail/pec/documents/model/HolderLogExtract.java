package it.certmail.pec.documents.model;

import java.time.Instant;

import jakarta.persistence.Basic;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;

/**
 * Estratto del registro as requested by a holder: the request (status, progress) and, once READY, the PDF and the
 * provider's detached CMS signature over it. A small extract is made on the spot (READY at once, kept); a large one is
 * QUEUED and made by the background job, which records its progress and keeps the result until {@code expiresAt}.
 */
@Entity
@Table(name = "holder_log_extract")
@NamedQuery(name = HolderLogExtract.BY_MAILBOX, query = "SELECT e.id, e.requestedAt, e.periodFrom, e.periodTo, e.entries,"
        + " e.status, e.entriesDone, e.entriesTotal, e.finishedAt, e.expiresAt, e.error FROM HolderLogExtract e"
        + " WHERE e.mailboxAddress = :address ORDER BY e.requestedAt DESC, e.id DESC")
@NamedQuery(name = HolderLogExtract.DUE, query = "SELECT e.id FROM HolderLogExtract e WHERE e.status = "
        + ":queued OR (e.status = "
        + ":running AND e.progressAt < :staleBefore)"
        + " ORDER BY e.requestedAt, e.id")
@NamedQuery(name = HolderLogExtract.CLAIM, query = "UPDATE HolderLogExtract e SET e.status = "
        + ":running, e.progressAt = :now, e.entriesDone = 0"
        + " WHERE e.id = :id AND (e.status = :queued OR (e.status = "
        + ":running AND e.progressAt < :staleBefore))")
@NamedQuery(name = HolderLogExtract.EXPIRED, query = "DELETE FROM HolderLogExtract e WHERE e.expiresAt < :now")
public class HolderLogExtract {

    /**
     * Rows of id, requestedAt, periodFrom, periodTo, entries, status, entriesDone, entriesTotal, finishedAt, expiresAt,
     * error: the list without the bytes.
     */
    public static final String BY_MAILBOX = "HolderLogExtract.byMailbox";
    /**
     * Ids of the requests the job must make ({@code :staleBefore}: a RUNNING one silent since then is taken up again;
     * {@code :queued}, {@code :running} the two statuses).
     */
    public static final String DUE = "HolderLogExtract.due";
    /** Takes request {@code :id} for the job at {@code :now} if it is still due: 1 row updated, else 0. */
    public static final String CLAIM = "HolderLogExtract.claim";
    /** Deletes every request whose result expired before {@code :now}. */
    public static final String EXPIRED = "HolderLogExtract.expired";

    /** Where a request stands. */
    public enum Status { QUEUED, RUNNING, READY, FAILED }

    @Id
    @SequenceGenerator(name = "holder_log_extract_seq", sequenceName = "holder_log_extract_seq", allocationSize = 50)
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "holder_log_extract_seq")
    private Long id;

    @Column(name = "mailbox_address", nullable = false, length = 320, updatable = false)
    private String mailboxAddress;

    @Column(name = "requested_at", nullable = false, updatable = false)
    private Instant requestedAt;

    @Column(name = "period_from", nullable = false, updatable = false)
    private Instant periodFrom;

    @Column(name = "period_to", nullable = false, updatable = false)
    private Instant periodTo;

    @Column(name = "entries", nullable = false)
    private int entries;

    @Enumerated(EnumType.STRING)
    @Column(name = "status", nullable = false, length = 10)
    private Status status = Status.READY;

    @Column(name = "requester", length = 320, updatable = false)
    private String requester;

    @Column(name = "doc_format", nullable = false, length = 8, updatable = false)
    private String format = "PDF";

    @Column(name = "doc_language", nullable = false, length = 2, updatable = false)
    private String language = "it";

    @Column(name = "entries_total", nullable = false)
    private int entriesTotal;

    @Column(name = "entries_done", nullable = false)
    private int entriesDone;

    @Column(name = "progress_at")
    private Instant progressAt;

    @Column(name = "finished_at")
    private Instant finishedAt;

    @Column(name = "expires_at")
    private Instant expiresAt;

    @Column(name = "error", length = 500)
    private String error;

    @Basic(fetch = FetchType.LAZY)
    @Column(name = "pdf", nullable = false)
    private byte[] pdf;

    @Basic(fetch = FetchType.LAZY)
    @Column(name = "signature", nullable = false)
    private byte[] signature;

    protected HolderLogExtract() {
    }

    /** The id is needed in the PDF itself: persisted first with empty bytes, then {@link #complete}. */
    public HolderLogExtract(String mailboxAddress, Instant requestedAt, Instant periodFrom, Instant periodTo) {
        this.mailboxAddress = mailboxAddress;
        this.requestedAt = requestedAt;
        this.periodFrom = periodFrom;
        this.periodTo = periodTo;
        this.pdf = new byte[0];
        this.signature = new byte[0];
    }

    /** A request the job will make: {@code entriesTotal} entries counted at request time, in {@code language}. */
    public static HolderLogExtract queued(String mailboxAddress, String requester, Instant requestedAt,
            Instant periodFrom, Instant periodTo, String language, int entriesTotal) {
        HolderLogExtract e = new HolderLogExtract(mailboxAddress, requestedAt, periodFrom, periodTo);
        e.status = Status.QUEUED;
        e.requester = requester;
        e.language = language;
        e.entriesTotal = entriesTotal;
        return e;
    }

    /** Who asked and in which language (the on-the-spot extract records them too). */
    public void requestedBy(String requester, String language) {
        this.requester = requester;
        this.language = language;
    }

    /** The job read {@code done} entries so far (of {@code total}, which may have grown since the request). */
    public void progress(int done, int total, Instant at) {
        this.entriesDone = done;
        this.entriesTotal = total;
        this.progressAt = at;
    }

    /** Made and signed: READY, kept until {@code expiresAt} (null: kept as long as the mailbox). */
    public void complete(int entries, byte[] pdf, byte[] signature) {
        complete(entries, pdf, signature, requestedAt, null);
    }

    public void complete(int entries, byte[] pdf, byte[] signature, Instant finishedAt, Instant expiresAt) {
        // the lazy bytes first: on an extract found in a later transaction (the job's), setting a lazy attribute not
        // fetched yet makes the woven entity fetch the rest from the database, which undid the fields set before it
        this.pdf = pdf.clone();
        this.signature = signature.clone();
        this.entries = entries;
        this.entriesDone = entries;
        this.entriesTotal = entries;
        this.status = Status.READY;
        this.finishedAt = finishedAt;
        this.expiresAt = expiresAt;
        this.error = null;
    }

    /** Could not be made: FAILED with a short reason, kept (for the list) until {@code expiresAt}. */
    public void fail(String reason, Instant at, Instant expiresAt) {
        this.status = Status.FAILED;
        this.error = reason == null ? "error" : reason.length() > 500 ? reason.substring(0, 500) : reason;
        this.finishedAt = at;
        this.expiresAt = expiresAt;
    }

    public Long getId() { return id; }
    public String getMailboxAddress() { return mailboxAddress; }
    public Instant getRequestedAt() { return requestedAt; }
    public Instant getPeriodFrom() { return periodFrom; }
    public Instant getPeriodTo() { return periodTo; }
    public int getEntries() { return entries; }
    public Status getStatus() { return status; }
    public String getRequester() { return requester; }
    public String getFormat() { return format; }
    public String getLanguage() { return language; }
    public int getEntriesTotal() { return entriesTotal; }
    public int getEntriesDone() { return entriesDone; }
    public Instant getProgressAt() { return progressAt; }
    public Instant getFinishedAt() { return finishedAt; }
    public Instant getExpiresAt() { return expiresAt; }
    public String getError() { return error; }
    public byte[] getPdf() { return pdf.clone(); }
    public byte[] getSignature() { return signature.clone(); }
}
