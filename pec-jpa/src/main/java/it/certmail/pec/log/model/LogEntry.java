package it.certmail.pec.log.model;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;

/**
 * Voce del registro dei messaggi (RFC 6109 §2.3): one event, with the fields the rules require, kept 30 months.
 * Append-only: there are no setters, and nothing in the platform updates or deletes a single entry (retention
 * drops whole months).
 */
@Entity
@Table(name = "pec_log")
public class LogEntry {

    @Id
    @SequenceGenerator(name = "pec_log_seq", sequenceName = "pec_log_seq", allocationSize = 50)
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "pec_log_seq")
    private Long id;

    @Column(name = "event_time", nullable = false)
    private Instant eventTime;

    @Enumerated(EnumType.STRING)
    @Column(name = "event_type", nullable = false, length = 40)
    private LogEventType eventType;

    /** the PEC msgid of the transaction (identificativo) */
    @Column(name = "msgid", length = 998)
    private String msgid;

    /** the client's Message-ID of the original */
    @Column(name = "client_msgid", length = 998)
    private String clientMsgid;

    @Column(name = "sender", length = 320)
    private String sender;

    @Column(name = "recipients", length = 100000)
    private String recipients;

    @Column(name = "subject", length = 2000)
    private String subject;

    /** Message-IDs of the receipts and envelopes this event generated, space separated */
    @Column(name = "generated_ids", length = 100000)
    private String generatedIds;

    /** gestore-emittente of the provider that sent what we received, or ours */
    @Column(name = "sending_provider", length = 255)
    private String sendingProvider;

    @Column(name = "detail", length = 100000)
    private String detail;

    protected LogEntry() {
    }

    public LogEntry(Instant eventTime, LogEventType eventType, String msgid, String clientMsgid, String sender,
                    String recipients, String subject, String generatedIds, String sendingProvider, String detail) {
        this.eventTime = eventTime;
        this.eventType = eventType;
        // what a message carries is unbounded: the start of its headers is kept, the entry never fails;
        // recipients, generated ids and the detail (the reasons of a refusal) are kept whole
        this.msgid = cut(msgid, 998);
        this.clientMsgid = cut(clientMsgid, 998);
        this.sender = cut(sender, 320);
        this.recipients = recipients;
        this.subject = cut(subject, 2000);
        this.generatedIds = generatedIds;
        this.sendingProvider = cut(sendingProvider, 255);
        this.detail = detail;
    }

    /** At most {@code length} characters, a character outside the BMP not split in half. */
    private static String cut(String value, int length) {
        if (value == null || value.length() <= length) {
            return value;
        }
        return value.substring(0, Character.isHighSurrogate(value.charAt(length - 1)) ? length - 1 : length);
    }

    public Long getId() { return id; }
    public Instant getEventTime() { return eventTime; }
    public LogEventType getEventType() { return eventType; }
    public String getMsgid() { return msgid; }
    public String getClientMsgid() { return clientMsgid; }
    public String getSender() { return sender; }
    public String getRecipients() { return recipients; }
    public String getSubject() { return subject; }
    public String getGeneratedIds() { return generatedIds; }
    public String getSendingProvider() { return sendingProvider; }
    public String getDetail() { return detail; }
}
