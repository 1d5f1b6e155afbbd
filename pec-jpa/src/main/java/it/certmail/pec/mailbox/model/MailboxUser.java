package it.certmail.pec.mailbox.model;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;

/** Utente aggiuntivo: a person the holder let into the mailbox's webmail with an own login and web password. */
@Entity
@Table(name = "mailbox_user")
@NamedQuery(name = MailboxUser.BY_MAILBOX, query = "SELECT u FROM MailboxUser u WHERE u.mailboxId = :mailboxId"
        + " ORDER BY u.createdAt, u.id")
@NamedQuery(name = MailboxUser.BY_LOGIN, query = "SELECT u FROM MailboxUser u WHERE u.login = :login")
@NamedQuery(name = MailboxUser.ACTIVE_COUNT, query = "SELECT COUNT(u) FROM MailboxUser u"
        + " WHERE u.mailboxId = :mailboxId AND u.revokedAt IS NULL")
public class MailboxUser {

    public static final String BY_MAILBOX = "MailboxUser.byMailbox";
    public static final String BY_LOGIN = "MailboxUser.byLogin";
    public static final String ACTIVE_COUNT = "MailboxUser.activeCount";

    @Id
    @SequenceGenerator(name = "mailbox_user_seq", sequenceName = "mailbox_user_seq", allocationSize = 50)
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "mailbox_user_seq")
    private Long id;

    @Column(name = "mailbox_id", nullable = false)
    private long mailboxId;

    @Column(name = "login", nullable = false, length = 320)
    private String login;

    @Column(name = "password_hash", nullable = false, length = 200)
    private String passwordHash;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "revoked_at")
    private Instant revokedAt;

    /** The user's own TOTP secret, sealed (SealedSecrets in pec-ejb); {@code null}: none enrolled (optional). */
    @Column(name = "totp_secret", length = 128)
    private String totpSecret;

    /** The last time step whose code was accepted: it and every earlier one are spent. */
    @Column(name = "totp_last_step")
    private Long totpLastStep;

    /** Argon2id hashes of the unused recovery codes, one a line; null without TOTP. */
    @Column(name = "totp_recovery_hashes", length = 2000)
    private String totpRecoveryHashes;

    protected MailboxUser() {
    }

    public MailboxUser(long mailboxId, String login, String passwordHash, Instant createdAt) {
        this.mailboxId = mailboxId;
        this.login = login;
        this.passwordHash = passwordHash;
        this.createdAt = createdAt;
    }

    public void revoke(Instant now) {
        if (revokedAt == null) {
            revokedAt = now;
        }
    }

    /**
     * Enrols a TOTP secret (sealed) whose code of {@code usedStep} proved the user's app holds it, with the hashes
     * of the recovery codes shown to the user once.
     */
    public void enrolTotp(String sealedSecret, long usedStep, java.util.List<String> recoveryHashes) {
        this.totpSecret = java.util.Objects.requireNonNull(sealedSecret, "sealedSecret");
        this.totpLastStep = usedStep;
        this.totpRecoveryHashes = String.join("\n", recoveryHashes);
    }

    /** Turns the TOTP off: secret, last step and recovery codes go. */
    public void disableTotp() {
        this.totpSecret = null;
        this.totpLastStep = null;
        this.totpRecoveryHashes = null;
    }

    public java.util.List<String> getTotpRecoveryHashes() {
        return totpRecoveryHashes == null || totpRecoveryHashes.isEmpty() ? java.util.List.of()
                : java.util.List.of(totpRecoveryHashes.split("\n"));
    }

    /** A recovery code was used: its hash goes. */
    public void recoveryCodeUsed(String hash) {
        java.util.List<String> left = new java.util.ArrayList<>(getTotpRecoveryHashes());
        if (!left.remove(hash)) {
            throw new IllegalArgumentException("not a recovery code of this user");
        }
        this.totpRecoveryHashes = String.join("\n", left);
    }

    public void totpStepUsed(long step) {
        if (totpLastStep != null && step <= totpLastStep) {
            throw new IllegalArgumentException("step " + step + " is already spent");
        }
        totpLastStep = step;
    }

    public boolean hasTotp() {
        return totpSecret != null;
    }

    public void changePasswordHash(String passwordHash) {
        this.passwordHash = java.util.Objects.requireNonNull(passwordHash, "passwordHash");
    }

    public boolean isActive() {
        return revokedAt == null;
    }

    public Long getId() { return id; }
    public long getMailboxId() { return mailboxId; }
    public String getLogin() { return login; }
    public String getPasswordHash() { return passwordHash; }
    public Instant getCreatedAt() { return createdAt; }
    public Instant getRevokedAt() { return revokedAt; }
    public String getTotpSecret() { return totpSecret; }
    public long getTotpLastStep() { return totpLastStep == null ? Long.MIN_VALUE : totpLastStep; }
}
