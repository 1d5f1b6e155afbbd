package it.certmail.pec.operator.model;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

/**
 * Account operatore: one person who signs in to the console (password, then TOTP) or calls the admin API (HTTP
 * Basic), with one role. The built-in {@code admin} has a row too, for its second factor; its password is kept
 * outside the database ({@code pec.admin.password}), so {@code passwordHash} is null there. Table
 * {@code operator_account} (V40).
 */
@Entity
@Table(name = "operator_account")
@NamedQuery(name = OperatorAccount.ALL, query = "SELECT o FROM OperatorAccount o ORDER BY o.username")
public class OperatorAccount {

    public static final String ALL = "OperatorAccount.all";

    @Id
    @Column(name = "username", length = 64)
    private String username;

    @Enumerated(EnumType.STRING)
    @Column(name = "role", nullable = false, length = 16)
    private OperatorRole role;

    @Column(name = "password_hash", length = 200)
    private String passwordHash;

    @Column(name = "disabled", nullable = false)
    private boolean disabled;

    @Column(name = "totp_secret", length = 128)
    private String totpSecret;

    @Column(name = "totp_last_step", nullable = false)
    private long totpLastStep;

    @Column(name = "recovery_hashes", length = 2000)
    private String recoveryHashes;

    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    @Column(name = "created_by", nullable = false, updatable = false, length = 64)
    private String createdBy;

    protected OperatorAccount() {
    }

    public OperatorAccount(String username, OperatorRole role, String passwordHash, Instant createdAt,
            String createdBy) {
        this.username = username;
        this.role = role;
        this.passwordHash = passwordHash;
        this.createdAt = createdAt;
        this.createdBy = createdBy;
    }

    public void disable() {
        disabled = true;
    }

    public void enable() {
        disabled = false;
    }

    public void changeRole(OperatorRole role) {
        this.role = role;
    }

    /** A new Argon2id hash: the operator chose a new password, or an admin set one for them. */
    public void replacePasswordHash(String passwordHash) {
        this.passwordHash = passwordHash;
    }

    /** Enrols a Base32 secret that a code has just proved, spending that code's step. */
    /** Replaces a secret stored before sealing by its sealed form (the same secret). */
    public void sealTotpSecret(String sealed) {
        this.totpSecret = sealed;
    }

    public void enrolTotp(String sealedSecret, long step) {
        this.totpSecret = sealedSecret;
        this.totpLastStep = step;
    }

    /** Spends a code's step: a code is accepted once. */
    public void spendTotpStep(long step) {
        this.totpLastStep = Math.max(totpLastStep, step);
    }

    /** Forgets the second factor (an admin's act for an operator who lost the device): enrolment on next sign-in. */
    public void resetTotp() {
        this.totpSecret = null;
        this.recoveryHashes = null;
        this.totpLastStep = 0;
    }

    public void replaceRecoveryHashes(List<String> hashes) {
        this.recoveryHashes = hashes.isEmpty() ? null : String.join("\n", hashes);
    }

    public List<String> recoveryHashes() {
        return recoveryHashes == null || recoveryHashes.isBlank() ? List.of()
                : Arrays.stream(recoveryHashes.split("\n")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    public String getUsername() { return username; }
    public OperatorRole getRole() { return role; }
    public String getPasswordHash() { return passwordHash; }
    public boolean isDisabled() { return disabled; }
    public String getTotpSecret() { return totpSecret; }
    public long getTotpLastStep() { return totpLastStep; }
    public Instant getCreatedAt() { return createdAt; }
    public String getCreatedBy() { return createdBy; }
}
