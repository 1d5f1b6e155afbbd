package it.certmail.pec.documents.model;

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

/** One download of a holder's document: which kind, which one (invoice number, extract id), when. */
@Entity
@Table(name = "holder_document_download")
@NamedQuery(name = HolderDocumentDownload.BY_MAILBOX, query = "SELECT d FROM HolderDocumentDownload d"
        + " WHERE d.mailboxAddress = :address ORDER BY d.downloadedAt DESC, d.id DESC")
public class HolderDocumentDownload {

    public static final String BY_MAILBOX = "HolderDocumentDownload.byMailbox";

    /** What was downloaded. */
    public enum Document { INVOICE, CONTRACT, LOG_EXTRACT, LOG_SIGNATURE, MAILBOX }

    @Id
    @SequenceGenerator(name = "holder_document_download_seq", sequenceName = "holder_document_download_seq",
            allocationSize = 50)
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "holder_document_download_seq")
    private Long id;

    @Column(name = "mailbox_address", nullable = false, length = 320, updatable = false)
    private String mailboxAddress;

    @Enumerated(EnumType.STRING)
    @Column(name = "document", nullable = false, length = 20, updatable = false)
    private Document document;

    @Column(name = "reference", nullable = false, length = 64, updatable = false)
    private String reference;

    @Column(name = "downloaded_at", nullable = false, updatable = false)
    private Instant downloadedAt;

    protected HolderDocumentDownload() {
    }

    public HolderDocumentDownload(String mailboxAddress, Document document, String reference, Instant downloadedAt) {
        this.mailboxAddress = mailboxAddress;
        this.document = document;
        this.reference = reference;
        this.downloadedAt = downloadedAt;
    }

    public Long getId() { return id; }
    public String getMailboxAddress() { return mailboxAddress; }
    public Document getDocument() { return document; }
    public String getReference() { return reference; }
    public Instant getDownloadedAt() { return downloadedAt; }
}
