package it.certmail.pec.transport.model;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;

/** A message in which a virus was found, kept apart (and never delivered) until {@code keepUntil}. */
@Entity
@Table(name = "quarantine")
public class QuarantinedMessage {

    /** Where the virus was found. */
    public enum Origin { ACCESS_POINT, RECEPTION_POINT, ORDINARY }

    @Id
    @SequenceGenerator(name = "quarantine_seq", sequenceName = "quarantine_seq", allocationSize = 50)
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "quarantine_seq")
    private Long id;

    @Column(name = "blob_id", nullable = false)
    private long blobId;

    @Column(name = "detected_at", nullable = false)
    private Instant detectedAt;

    @Column(name = "keep_until", nullable = false)
    private Instant keepUntil;

    @Column(name = "virus", nullable = false, length = 255)
    private String virus;

    @Column(name = "origin", nullable = false, length = 32)
    @jakarta.persistence.Enumerated(jakarta.persistence.EnumType.STRING)
    private Origin origin;

    @Column(name = "msgid", length = 998)
    private String msgid;

    @Column(name = "sender", length = 320)
    private String sender;

    protected QuarantinedMessage() {
    }

    public QuarantinedMessage(long blobId, Instant detectedAt, Instant keepUntil, String virus, Origin origin,
                              String msgid, String sender) {
        this.blobId = blobId;
        this.detectedAt = detectedAt;
        this.keepUntil = keepUntil;
        this.virus = virus.length() > 255 ? virus.substring(0, 255) : virus;
        this.origin = origin;
        this.msgid = msgid;
        this.sender = sender;
    }

    public Long getId() { return id; }
    public long getBlobId() { return blobId; }
    public Instant getDetectedAt() { return detectedAt; }
    public Instant getKeepUntil() { return keepUntil; }
    public String getVirus() { return virus; }
    public Origin getOrigin() { return origin; }
    public String getMsgid() { return msgid; }
    public String getSender() { return sender; }
}
