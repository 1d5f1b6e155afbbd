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

/** One message the webmail sent for a mailbox: who sent it (the holder or an additional user), when, what, to whom. */
@Entity
@Table(name = "webmail_send_record")
@NamedQuery(name = WebmailSendRecord.BY_MAILBOX, query = "SELECT r FROM WebmailSendRecord r"
        + " WHERE r.mailboxId = :mailboxId ORDER BY r.sentAt DESC, r.id DESC")
public class WebmailSendRecord {

    public static final String BY_MAILBOX = "WebmailSendRecord.byMailbox";

    @Id
    @SequenceGenerator(name = "webmail_send_record_seq", sequenceName = "webmail_send_record_seq", allocationSize = 50)
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "webmail_send_record_seq")
    private Long id;

    @Column(name = "mailbox_id", nullable = false)
    private long mailboxId;

    @Column(name = "sent_by", nullable = false, length = 320)
    private String sentBy;

    @Column(name = "sent_at", nullable = false)
    private Instant sentAt;

    @Column(name = "message_id", nullable = false, length = 998)
    private String messageId;

    @Column(name = "recipients", nullable = false, length = 4000)
    private String recipients;

    protected WebmailSendRecord() {
    }

    public WebmailSendRecord(long mailboxId, String sentBy, Instant sentAt, String messageId, String recipients) {
        this.mailboxId = mailboxId;
        this.sentBy = sentBy;
        this.sentAt = sentAt;
        this.messageId = messageId;
        this.recipients = recipients;
    }

    public Long getId() { return id; }
    public long getMailboxId() { return mailboxId; }
    public String getSentBy() { return sentBy; }
    public Instant getSentAt() { return sentAt; }
    public String getMessageId() { return messageId; }
    public String getRecipients() { return recipients; }
}
