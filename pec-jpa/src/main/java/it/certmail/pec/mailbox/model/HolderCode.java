package it.certmail.pec.mailbox.model;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

/** A holder's one-time code or recovery grant by purpose key, as hashes (CodeState in pec-ejb gives the rules). */
@Entity
@Table(name = "holder_code")
@NamedQuery(name = HolderCode.DELETE_STALE, query = "DELETE FROM HolderCode c WHERE c.lastIssuedAt < :cutoff"
        + " AND (c.expiresAt IS NULL OR c.expiresAt < :now)")
public class HolderCode {

    public static final String DELETE_STALE = "HolderCode.deleteStale";

    @Id
    @Column(name = "purpose_key", length = 400)
    private String purposeKey;

    @Column(name = "code_hash", length = 64)
    private String codeHash;

    @Column(name = "expires_at")
    private Instant expiresAt;

    @Column(name = "wrong_guesses", nullable = false)
    private int wrongGuesses;

    @Column(name = "issued_at", nullable = false, length = 200)
    private String issuedAt;

    @Column(name = "last_issued_at", nullable = false)
    private Instant lastIssuedAt;

    protected HolderCode() {
    }

    public HolderCode(String purposeKey, Instant now) {
        this.purposeKey = purposeKey;
        this.issuedAt = "";
        this.lastIssuedAt = now;
    }

    public void update(String codeHash, Instant expiresAt, int wrongGuesses, String issuedAt, Instant lastIssuedAt) {
        this.codeHash = codeHash;
        this.expiresAt = expiresAt;
        this.wrongGuesses = wrongGuesses;
        this.issuedAt = issuedAt;
        this.lastIssuedAt = lastIssuedAt;
    }

    public String getPurposeKey() { return purposeKey; }
    public String getCodeHash() { return codeHash; }
    public Instant getExpiresAt() { return expiresAt; }
    public int getWrongGuesses() { return wrongGuesses; }
    public String getIssuedAt() { return issuedAt; }
    public Instant getLastIssuedAt() { return lastIssuedAt; }
}
