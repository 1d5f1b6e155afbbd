package it.certmail.pec.transport.model;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;

/** A busta di trasporto our access point issued, with the daticert every later notice about it repeats. */
@Entity
@Table(name = "transmission")
@NamedQuery(name = Transmission.BY_MSGID, query = "SELECT t FROM Transmission t WHERE t.pecMsgid = :msgid")
public class Transmission {

    public static final String BY_MSGID = "Transmission.byMsgid";

    @Id
    @SequenceGenerator(name = "transmission_seq", sequenceName = "transmission_seq", allocationSize = 50)
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "transmission_seq")
    private Long id;

    @Column(name = "pec_msgid", nullable = false, length = 998)
    private String pecMsgid;

    @Column(name = "client_msgid", length = 998)
    private String clientMsgid;

    @Column(name = "sender", nullable = false, length = 320)
    private String sender;

    @Column(name = "subject", length = 2000)
    private String subject;

    @Column(name = "accepted_at", nullable = false)
    private Instant acceptedAt;

    @Column(name = "envelope_blob", nullable = false)
    private long envelopeBlob;

    @Column(name = "daticert", nullable = false)
    private byte[] daticert;

    protected Transmission() {
    }

    public Transmission(String pecMsgid, String clientMsgid, String sender, String subject, Instant acceptedAt,
                        long envelopeBlob, byte[] daticert) {
        this.pecMsgid = pecMsgid;
        // the client's header values are unbounded: their start is kept, the transmission never refused for them
        this.clientMsgid = cut(clientMsgid, 998);
        this.sender = sender;
        this.subject = cut(subject, 2000);
        this.acceptedAt = acceptedAt;
        this.envelopeBlob = envelopeBlob;
        this.daticert = daticert.clone();
    }

    /** At most {@code length} characters, a character outside the BMP not split in half. */
    private static String cut(String value, int length) {
        if (value == null || value.length() <= length) {
            return value;
        }
        return value.substring(0, Character.isHighSurrogate(value.charAt(length - 1)) ? length - 1 : length);
    }

    public Long getId() { return id; }
    public String getPecMsgid() { return pecMsgid; }
    public String getClientMsgid() { return clientMsgid; }
    public String getSender() { return sender; }
    public String getSubject() { return subject; }
    public Instant getAcceptedAt() { return acceptedAt; }
    public long getEnvelopeBlob() { return envelopeBlob; }
    public byte[] getDaticert() { return daticert.clone(); }
}
