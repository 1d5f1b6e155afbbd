package it.certmail.pec.mailbox.model;

import java.util.List;
import java.util.Objects;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.QueryHint;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import jakarta.persistence.UniqueConstraint;

/**
 * Cartella di una casella (IMAP mailbox): its name, special use and the UID/MODSEQ counters that IMAP clients
 * synchronise on. UIDs are handed out by {@link #assignUid()} under a row lock, so they only grow.
 *
 * <p>The folder also keeps its counts (messages, unseen messages, bytes: what IMAP STATUS and the webmail's folder
 * list show), moved by every change of its messages under the same row lock and written in the same UPDATE as the
 * UID and modseq counters, so reading them never counts rows.
 */
@Entity
@Table(name = "mail_folder",
        uniqueConstraints = @UniqueConstraint(name = "uk_mail_folder_name", columnNames = {"mailbox_id", "name"}))
@NamedQuery(name = MailFolder.FIND_BY_MAILBOX_AND_NAME,
        query = "SELECT f FROM MailFolder f WHERE f.mailbox.address = :address AND f.name = :name")
@NamedQuery(name = MailFolder.LOCK_FOR_DEPOSIT,
        query = "SELECT f FROM MailFolder f WHERE f.mailbox = :mailbox AND f.name = :name",
        hints = {@QueryHint(name = "eclipselink.pessimistic-lock", value = "Lock"),
                @QueryHint(name = "eclipselink.refresh", value = "true")})
@NamedQuery(name = MailFolder.FIND_BY_MAILBOX,
        query = "SELECT f FROM MailFolder f WHERE f.mailbox.address = :address ORDER BY f.name")
public class MailFolder {

    /** Parameters {@code address} (lower-case) and {@code name}. */
    public static final String FIND_BY_MAILBOX_AND_NAME = "MailFolder.findByMailboxAndName";
    /**
     * Parameters {@code mailbox}, {@code name}: the folder row under a write lock, its managed copy refreshed (the
     * UID counter must not be handed out twice). Lock and refresh are EclipseLink hints built into the query once,
     * not set per call (which had the SQL prepared again on every deposit).
     */
    public static final String LOCK_FOR_DEPOSIT = "MailFolder.lockForDeposit";
    /** Parameter {@code address} (lower-case). */
    public static final String FIND_BY_MAILBOX = "MailFolder.findByMailbox";

    public static final String INBOX = "INBOX";

    /** The folders every new mailbox gets, with their special use (INBOX has none). */
    public static final List<Standard> DEFAULTS = List.of(
            new Standard(INBOX, null),
            new Standard("Sent", SpecialUse.SENT),
            new Standard("Drafts", SpecialUse.DRAFTS),
            new Standard("Trash", SpecialUse.TRASH),
            new Standard("Archive", SpecialUse.ARCHIVE));

    /** A folder every mailbox has; {@code specialUse} is {@code null} for INBOX. */
    public record Standard(String name, SpecialUse specialUse) {
    }

    @Id
    @SequenceGenerator(name = "mail_folder_seq", sequenceName = "mail_folder_seq", allocationSize = 50)
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "mail_folder_seq")
    private Long id;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "mailbox_id", nullable = false)
    private Mailbox mailbox;

    @Column(name = "name", nullable = false, length = 255)
    private String name;

    @Column(name = "special_use", length = 16)
    private String specialUse;

    @Column(name = "uid_validity", nullable = false)
    private long uidValidity;

    @Column(name = "uid_next", nullable = false)
    private long uidNext = 1;

    @Column(name = "highest_modseq", nullable = false)
    private long highestModseq;

    @Column(name = "subscribed", nullable = false)
    private boolean subscribed = true;

    @Column(name = "message_count", nullable = false)
    private long messageCount;

    @Column(name = "unseen_count", nullable = false)
    private long unseenCount;

    @Column(name = "total_bytes", nullable = false)
    private long totalBytes;

    protected MailFolder() {
        // for JPA
    }

    /**
     * @param specialUse  {@code null} for an ordinary folder
     * @param uidValidity nonzero, fits in 32 bits unsigned (RFC 3501 §2.3.1.1)
     */
    public MailFolder(Mailbox mailbox, String name, SpecialUse specialUse, long uidValidity) {
        this.mailbox = Objects.requireNonNull(mailbox, "mailbox");
        this.name = Objects.requireNonNull(name, "name");
        this.specialUse = specialUse == null ? null : specialUse.attribute();
        if (uidValidity <= 0 || uidValidity > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("uidValidity out of range: " + uidValidity);
        }
        this.uidValidity = uidValidity;
    }

    /** Takes the next UID. The caller holds a pessimistic lock on this row until commit. */
    public long assignUid() {
        return uidNext++;
    }

    /** Takes the next modification sequence (RFC 7162), for a new message or a flag change. */
    public long nextModseq() {
        return ++highestModseq;
    }

    /** Counts a message put in this folder. The caller holds the row lock until commit. */
    public void countIn(long sizeBytes, boolean seen) {
        messageCount++;
        totalBytes += sizeBytes;
        if (!seen) {
            unseenCount++;
        }
    }

    /** Counts a message taken out of this folder. The caller holds the row lock until commit. */
    public void countOut(long sizeBytes, boolean seen) {
        messageCount--;
        totalBytes -= sizeBytes;
        if (!seen) {
            unseenCount--;
        }
    }

    /** Counts a message of this folder whose \Seen flag changed. The caller holds the row lock until commit. */
    public void countSeenChange(boolean nowSeen) {
        unseenCount += nowSeen ? -1 : 1;
    }

    /** Sets the counts from a recount of the rows. The caller holds the row lock until commit. */
    public void resetCounts(long messages, long unseen, long bytes) {
        this.messageCount = messages;
        this.unseenCount = unseen;
        this.totalBytes = bytes;
    }

    /** Renames the folder (IMAP RENAME); the caller checks that the name is free. */
    public void rename(String newName) {
        this.name = Objects.requireNonNull(newName, "newName");
    }

    public void setSubscribed(boolean subscribed) {
        this.subscribed = subscribed;
    }

    public Long getId() {
        return id;
    }

    public Mailbox getMailbox() {
        return mailbox;
    }

    public String getName() {
        return name;
    }

    /** {@code null} for an ordinary folder. */
    public SpecialUse getSpecialUse() {
        return SpecialUse.fromAttribute(specialUse);
    }

    public long getUidValidity() {
        return uidValidity;
    }

    public long getUidNext() {
        return uidNext;
    }

    public long getHighestModseq() {
        return highestModseq;
    }

    public boolean isSubscribed() {
        return subscribed;
    }

    public long getMessageCount() {
        return messageCount;
    }

    public long getUnseenCount() {
        return unseenCount;
    }

    public long getTotalBytes() {
        return totalBytes;
    }
}
