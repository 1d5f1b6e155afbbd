package it.certmail.pec.mailbox.model;

import java.time.OffsetDateTime;
import java.util.Locale;
import java.util.Objects;

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
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/**
 * Casella PEC: one mailbox, its holder, its passwords (Argon2id PHC strings), its status and quota.
 *
 * <p>{@code usedBytes} is never written through this entity: deliveries add to it with a bulk UPDATE, so that
 * concurrent deliveries neither lose an increment nor trip the optimistic lock that guards admin edits.
 */
@Entity
@Table(name = "mailbox")
@NamedQuery(name = Mailbox.FIND_BY_ADDRESS, query = "SELECT m FROM Mailbox m WHERE m.address = :address")
@NamedQuery(name = Mailbox.ADD_USED_BYTES,
        query = "UPDATE Mailbox m SET m.usedBytes = m.usedBytes + :delta WHERE m.id = :id")
@NamedQuery(name = Mailbox.USED_BYTES, query = "SELECT m.usedBytes FROM Mailbox m WHERE m.id = :id")
public class Mailbox {

    /** Parameter {@code address}: lower-case. */
    public static final String FIND_BY_ADDRESS = "Mailbox.findByAddress";
    /** Bulk update; parameters {@code id} and {@code delta} (negative on removal). */
    public static final String ADD_USED_BYTES = "Mailbox.addUsedBytes";
    /** The current {@code used_bytes}, read from the database; parameter {@code id}. */
    public static final String USED_BYTES = "Mailbox.usedBytes";

    /** 1 GiB. */
    public static final long DEFAULT_QUOTA_BYTES = 1L << 30;

    @Id
    @SequenceGenerator(name = "mailbox_seq", sequenceName = "mailbox_seq", allocationSize = 50)
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "mailbox_seq")
    private Long id;

    @Column(name = "address", nullable = false, unique = true, length = 320)
    private String address;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "domain_id", nullable = false)
    private MailDomain domain;

    @Column(name = "holder_name", nullable = false, length = 255)
    private String holderName;

    @Column(name = "reference_email", length = 320)
    private String referenceEmail;

    @Column(name = "web_password_hash", nullable = false, length = 255)
    private String webPasswordHash;

    @Column(name = "client_password_hash", length = 255)
    private String clientPasswordHash;

    @Column(name = "client_password_set_at")
    private OffsetDateTime clientPasswordSetAt;

    @Column(name = "web_password_set_at")
    private OffsetDateTime webPasswordSetAt;

    @Enumerated(EnumType.STRING)
    @Column(name = "status", nullable = false, length = 32)
    private MailboxStatus status;

    @Column(name = "accept_ordinary_mail", nullable = false)
    private boolean acceptOrdinaryMail = true;

    @Column(name = "block_non_pec_recipients", nullable = false)
    private boolean blockNonPecRecipients;

    // whether an INBOX delivery must read the holder's rules, alerts and archiving (V92); written only by
    // JpaMailSettings with a bound update, so a settings change never bumps the mailbox row's version
    @Column(name = "delivery_sorting", nullable = false, insertable = true, updatable = false)
    private boolean deliverySorting;

    @Column(name = "quota_bytes", nullable = false)
    private long quotaBytes = DEFAULT_QUOTA_BYTES;

    // written only by ADD_USED_BYTES (see the class comment)
    @Column(name = "used_bytes", nullable = false, insertable = true, updatable = false)
    private long usedBytes;

    @Column(name = "plan", length = 64)
    private String plan;

    @Column(name = "created_at", nullable = false)
    private OffsetDateTime createdAt;

    @Column(name = "expires_at")
    private OffsetDateTime expiresAt;

    @Version
    @Column(name = "version", nullable = false)
    private long version;

    protected Mailbox() {
        // for JPA
    }

    /**
     * A new {@link MailboxStatus#ACTIVE} mailbox with the default quota.
     *
     * @param address         lower-case {@code local@domain}, in {@code domain}
     * @param webPasswordHash Argon2id PHC string of the web console password
     * @param plan            catalog plan, {@code null} until the lifecycle issue
     */
    public Mailbox(String address, MailDomain domain, String holderName, String referenceEmail,
            String webPasswordHash, String plan, OffsetDateTime createdAt) {
        this.address = Objects.requireNonNull(address, "address").toLowerCase(Locale.ROOT);
        this.domain = Objects.requireNonNull(domain, "domain");
        if (!this.address.endsWith("@" + domain.getName())) {
            throw new IllegalArgumentException(address + " is not in the domain " + domain.getName());
        }
        this.holderName = Objects.requireNonNull(holderName, "holderName");
        this.referenceEmail = referenceEmail;
        this.webPasswordHash = Objects.requireNonNull(webPasswordHash, "webPasswordHash");
        this.plan = plan;
        this.createdAt = Objects.requireNonNull(createdAt, "createdAt");
        this.status = MailboxStatus.ACTIVE;
    }

    /** @throws IllegalStateException if the current status may not move to {@code target} */
    public void changeStatus(MailboxStatus target) {
        Objects.requireNonNull(target, "target");
        if (!status.canChangeTo(target)) {
            throw new IllegalStateException("a " + status + " mailbox cannot become " + target);
        }
        this.status = target;
    }

    public void setAcceptOrdinaryMail(boolean acceptOrdinaryMail) {
        this.acceptOrdinaryMail = acceptOrdinaryMail;
    }

    public void setBlockNonPecRecipients(boolean blockNonPecRecipients) {
        this.blockNonPecRecipients = blockNonPecRecipients;
    }

    /** Replaces the client (IMAP/POP3/SMTP) password hash. */
    public void setClientPasswordHash(String clientPasswordHash, OffsetDateTime setAt) {
        this.clientPasswordHash = Objects.requireNonNull(clientPasswordHash, "clientPasswordHash");
        this.clientPasswordSetAt = Objects.requireNonNull(setAt, "setAt");
    }

    /** The holder's reference e-mail (notices, password recovery); only after the new address was confirmed. */
    public void changeReferenceEmail(String referenceEmail) {
        this.referenceEmail = Objects.requireNonNull(referenceEmail, "referenceEmail");
    }

    public void setWebPasswordHash(String webPasswordHash) {
        this.webPasswordHash = Objects.requireNonNull(webPasswordHash, "webPasswordHash");
    }

    /** A web password change by its holder, at {@code at} (the lifecycle allows one per 24 hours). */
    public void changeWebPasswordHash(String webPasswordHash, OffsetDateTime at) {
        setWebPasswordHash(webPasswordHash);
        this.webPasswordSetAt = Objects.requireNonNull(at, "at");
    }

    /** {@code null} until the holder changes the web password. */
    public OffsetDateTime getWebPasswordSetAt() {
        return webPasswordSetAt;
    }

    public void setQuotaBytes(long quotaBytes) {
        if (quotaBytes < 0) {
            throw new IllegalArgumentException("negative quota");
        }
        this.quotaBytes = quotaBytes;
    }

    public void setPlan(String plan) {
        this.plan = plan;
    }

    public void setExpiresAt(OffsetDateTime expiresAt) {
        this.expiresAt = expiresAt;
    }

    public Long getId() {
        return id;
    }

    public String getAddress() {
        return address;
    }

    public MailDomain getDomain() {
        return domain;
    }

    public String getHolderName() {
        return holderName;
    }

    public String getReferenceEmail() {
        return referenceEmail;
    }

    public String getWebPasswordHash() {
        return webPasswordHash;
    }

    /** {@code null} until a client password has been generated. */
    public String getClientPasswordHash() {
        return clientPasswordHash;
    }

    public OffsetDateTime getClientPasswordSetAt() {
        return clientPasswordSetAt;
    }

    public MailboxStatus getStatus() {
        return status;
    }

    public boolean isAcceptOrdinaryMail() {
        return acceptOrdinaryMail;
    }

    /** Whether an INBOX delivery must look at the holder's rules, new-PEC alerts or automatic archiving. */
    public boolean isDeliverySorting() {
        return deliverySorting;
    }

    /** The flag as just written by its own bound update (the column is not written from the entity). */
    public void deliverySortingWritten(boolean sorting) {
        this.deliverySorting = sorting;
    }

    public boolean isBlockNonPecRecipients() {
        return blockNonPecRecipients;
    }

    public long getQuotaBytes() {
        return quotaBytes;
    }

    /** As loaded; may lag behind deliveries made since (read {@link #USED_BYTES} for the current figure). */
    public long getUsedBytes() {
        return usedBytes;
    }

    public String getPlan() {
        return plan;
    }

    public OffsetDateTime getCreatedAt() {
        return createdAt;
    }

    public OffsetDateTime getExpiresAt() {
        return expiresAt;
    }

    public long getVersion() {
        return version;
    }
}
