package it.certmail.pec.mailbox.model;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/**
 * Secondo fattore del titolare: the TOTP secret a mailbox's holder enrolled for the web sign-in, the last time step
 * used (a code works once) and the hashes of the unused recovery codes.
 */
@Entity
@Table(name = "holder_second_factor")
public class HolderSecondFactor {

    @Id
    @Column(name = "mailbox_id")
    private Long mailboxId;

    @Column(name = "totp_secret", nullable = false, length = 128)
    private String totpSecret;

    @Column(name = "last_step", nullable = false)
    private long lastStep;

    @Column(name = "recovery_hashes", nullable = false, length = 2000)
    private String recoveryHashes;

    @Column(name = "enrolled_at", nullable = false)
    private Instant enrolledAt;

    @Version
    @Column(name = "version", nullable = false)
    private long version;

    protected HolderSecondFactor() {
        // for JPA
    }

    /** @param totpSecret sealed (SealedSecrets in pec-ejb) */
    public HolderSecondFactor(long mailboxId, String totpSecret, long usedStep, List<String> recoveryHashes,
            Instant enrolledAt) {
        this.mailboxId = mailboxId;
        this.totpSecret = Objects.requireNonNull(totpSecret, "totpSecret");
        this.lastStep = usedStep;
        this.recoveryHashes = String.join("\n", recoveryHashes);
        this.enrolledAt = Objects.requireNonNull(enrolledAt, "enrolledAt");
    }

    /** A code of {@code step} was accepted: it and every earlier step are spent. */
    /** Replaces a secret stored before sealing by its sealed form (the same secret). */
    public void sealSecret(String sealed) {
        this.totpSecret = Objects.requireNonNull(sealed, "sealed");
    }

    public void stepUsed(long step) {
        if (step <= lastStep) {
            throw new IllegalArgumentException("step " + step + " is already spent");
        }
        lastStep = step;
    }

    public List<String> getRecoveryHashes() {
        return recoveryHashes.isEmpty() ? List.of() : List.of(recoveryHashes.split("\n"));
    }

    /** A recovery code was used: its hash goes. */
    public void recoveryCodeUsed(String hash) {
        List<String> left = new ArrayList<>(getRecoveryHashes());
        left.remove(hash);
        recoveryHashes = String.join("\n", left);
    }

    public Long getMailboxId() {
        return mailboxId;
    }

    public String getTotpSecret() {
        return totpSecret;
    }

    public long getLastStep() {
        return lastStep;
    }

    public Instant getEnrolledAt() {
        return enrolledAt;
    }
}
