package it.certmail.pec.documents.model;

import java.time.Instant;

import jakarta.persistence.Basic;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;

/** Estratto del registro as requested by a holder: the PDF and the provider's detached CMS signature over it. */
@Entity
@Table(name = "holder_log_extract")
@NamedQuery(name = HolderLogExtract.BY_MAILBOX, query = "SELECT e.id, e.requestedAt, e.periodFrom, e.periodTo, e.entries FROM HolderLogExtract e"
        + " WHERE e.mailboxAddress = :address ORDER BY e.requestedAt DESC, e.id DESC")
public class HolderLogExtract {

    /** Rows of id, requestedAt, periodFrom, periodTo, entries: the list without the bytes. */
    public static final String BY_MAILBOX = "HolderLogExtract.byMailbox";

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

    public void complete(int entries, byte[] pdf, byte[] signature) {
        this.entries = entries;
        this.pdf = pdf.clone();
        this.signature = signature.clone();
    }

    public Long getId() { return id; }
    public String getMailboxAddress() { return mailboxAddress; }
    public Instant getRequestedAt() { return requestedAt; }
    public Instant getPeriodFrom() { return periodFrom; }
    public Instant getPeriodTo() { return periodTo; }
    public int getEntries() { return entries; }
    public byte[] getPdf() { return pdf.clone(); }
    public byte[] getSignature() { return signature.clone(); }
}
