package it.certmail.pec.documents.model;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;

/**
 * Contratto: the PDF generated once for a mailbox in each language ({@code it}, {@code en}) and returned as stored
 * ever after.
 */
@Entity
@Table(name = "holder_contract")
@NamedQuery(name = HolderContract.BY_MAILBOX, query = "SELECT c FROM HolderContract c WHERE c.mailboxAddress = :address"
        + " AND c.language = :language")
public class HolderContract {

    public static final String BY_MAILBOX = "HolderContract.byMailbox";

    @Id
    @SequenceGenerator(name = "holder_contract_seq", sequenceName = "holder_contract_seq", allocationSize = 50)
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "holder_contract_seq")
    private Long id;

    @Column(name = "mailbox_address", nullable = false, length = 320, updatable = false)
    private String mailboxAddress;

    /** {@code it} or {@code en} (V86) */
    @Column(name = "doc_language", nullable = false, length = 2, updatable = false)
    private String language;

    @Column(name = "conditions_version", nullable = false, length = 40, updatable = false)
    private String conditionsVersion;

    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    // plain byte[] (no @Lob): bytea on PostgreSQL, VARBINARY on H2
    @Column(name = "pdf", nullable = false, updatable = false)
    private byte[] pdf;

    @Column(name = "sha256", nullable = false, length = 64, updatable = false)
    private String sha256;

    protected HolderContract() {
    }

    public HolderContract(String mailboxAddress, String language, String conditionsVersion, Instant createdAt,
            byte[] pdf, String sha256) {
        this.mailboxAddress = mailboxAddress;
        this.language = language;
        this.conditionsVersion = conditionsVersion;
        this.createdAt = createdAt;
        this.pdf = pdf.clone();
        this.sha256 = sha256;
    }

    public Long getId() { return id; }
    public String getMailboxAddress() { return mailboxAddress; }
    public String getLanguage() { return language; }
    public String getConditionsVersion() { return conditionsVersion; }
    public Instant getCreatedAt() { return createdAt; }
    public byte[] getPdf() { return pdf.clone(); }
    public String getSha256() { return sha256; }
}
