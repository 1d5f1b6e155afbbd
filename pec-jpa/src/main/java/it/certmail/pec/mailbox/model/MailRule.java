package it.certmail.pec.mailbox.model;

import java.time.Instant;
import java.util.Objects;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;

/**
 * Regola sulla posta in arrivo: conditions on sender, subject and PEC kind, and what to do with a message that
 * meets them at delivery (move, mark read, flag, forward a copy or a notice to an ordinary address).
 */
@Entity
@Table(name = "mail_rule")
@NamedQuery(name = MailRule.BY_MAILBOX, query = "SELECT r FROM MailRule r WHERE r.mailboxId = :mailboxId"
        + " ORDER BY r.seqNo, r.id")
public class MailRule {

    public static final String BY_MAILBOX = "MailRule.byMailbox";

    @Id
    @SequenceGenerator(name = "mail_rule_seq", sequenceName = "mail_rule_seq", allocationSize = 50)
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "mail_rule_seq")
    private Long id;

    @Column(name = "mailbox_id", nullable = false)
    private long mailboxId;

    @Column(name = "seq_no", nullable = false)
    private int seqNo;

    @Column(name = "sender_contains", length = 320)
    private String senderContains;

    @Column(name = "subject_contains", length = 255)
    private String subjectContains;

    @Column(name = "pec_kind", length = 32)
    private String pecKind;

    @Column(name = "move_to", length = 255)
    private String moveTo;

    @Column(name = "mark_read", nullable = false)
    private boolean markRead;

    @Column(name = "flag", nullable = false)
    private boolean flag;

    @Column(name = "forward_to", length = 320)
    private String forwardTo;

    @Column(name = "forward_mode", length = 8)
    private String forwardMode;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    protected MailRule() {
        // for JPA
    }

    public MailRule(long mailboxId, int seqNo, String senderContains, String subjectContains, String pecKind,
            String moveTo, boolean markRead, boolean flag, String forwardTo, String forwardMode, Instant createdAt) {
        this.mailboxId = mailboxId;
        this.seqNo = seqNo;
        this.senderContains = senderContains;
        this.subjectContains = subjectContains;
        this.pecKind = pecKind;
        this.moveTo = moveTo;
        this.markRead = markRead;
        this.flag = flag;
        this.forwardTo = forwardTo;
        this.forwardMode = forwardMode;
        this.createdAt = Objects.requireNonNull(createdAt, "createdAt");
    }

    public Long getId() {
        return id;
    }

    public long getMailboxId() {
        return mailboxId;
    }

    public int getSeqNo() {
        return seqNo;
    }

    public String getSenderContains() {
        return senderContains;
    }

    public String getSubjectContains() {
        return subjectContains;
    }

    public String getPecKind() {
        return pecKind;
    }

    public String getMoveTo() {
        return moveTo;
    }

    public boolean isMarkRead() {
        return markRead;
    }

    public boolean isFlag() {
        return flag;
    }

    public String getForwardTo() {
        return forwardTo;
    }

    public String getForwardMode() {
        return forwardMode;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }
}
