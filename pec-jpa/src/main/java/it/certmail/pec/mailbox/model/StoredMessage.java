package it.certmail.pec.mailbox.model;

import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import jakarta.persistence.UniqueConstraint;

/**
 * Messaggio in una cartella: one copy of a message in one folder, with its UID, flags and the header facts the
 * lists show. The bytes are the blob {@link #getBlobId()}, shared with every other copy of the same content.
 */
@Entity
@Table(name = "stored_message",
        uniqueConstraints = @UniqueConstraint(name = "uk_stored_message_folder_uid", columnNames = {"folder_id", "uid"}))
@NamedQuery(name = StoredMessage.FIND_BY_FOLDER,
        query = "SELECT m FROM StoredMessage m WHERE m.folder = :folder ORDER BY m.uid")
@NamedQuery(name = StoredMessage.FIND_BY_ID_AND_MAILBOX,
        query = "SELECT m FROM StoredMessage m WHERE m.id = :id AND m.folder.mailbox.address = :address")
public class StoredMessage {

    /** Parameter {@code folder}; by ascending UID. */
    public static final String FIND_BY_FOLDER = "StoredMessage.findByFolder";
    /** Parameters {@code id} and {@code address} (lower-case): empty for another mailbox's message. */
    public static final String FIND_BY_ID_AND_MAILBOX = "StoredMessage.findByIdAndMailbox";

    /** {@code pec_kind} of a message that is not a PEC message. */
    public static final String ORDINARY = "ORDINARY";

    private static final int SUBJECT_LENGTH = 1000;
    private static final int MESSAGE_ID_LENGTH = 998;
    private static final int ADDRESS_LENGTH = 320;
    private static final int KEYWORDS_LENGTH = 1000;

    @Id
    @SequenceGenerator(name = "stored_message_seq", sequenceName = "stored_message_seq", allocationSize = 50)
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "stored_message_seq")
    private Long id;

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "folder_id", nullable = false)
    private MailFolder folder;

    @Column(name = "uid", nullable = false)
    private long uid;

    @Column(name = "blob_id", nullable = false)
    private long blobId;

    @Column(name = "size_bytes", nullable = false)
    private long sizeBytes;

    @Column(name = "internal_date", nullable = false)
    private OffsetDateTime internalDate;

    @Column(name = "flag_seen", nullable = false)
    private boolean seen;

    @Column(name = "flag_answered", nullable = false)
    private boolean answered;

    @Column(name = "flag_flagged", nullable = false)
    private boolean flagged;

    @Column(name = "flag_deleted", nullable = false)
    private boolean deleted;

    @Column(name = "flag_draft", nullable = false)
    private boolean draft;

    @Column(name = "keywords", length = KEYWORDS_LENGTH)
    private String keywords;

    @Column(name = "modseq", nullable = false)
    private long modseq;

    @Column(name = "subject", length = SUBJECT_LENGTH)
    private String subject;

    @Column(name = "message_id", length = MESSAGE_ID_LENGTH)
    private String messageId;

    @Column(name = "x_riferimento_message_id", length = MESSAGE_ID_LENGTH)
    private String xRiferimentoMessageId;

    @Column(name = "pec_kind", length = 40)
    private String pecKind;

    @Column(name = "from_address", length = ADDRESS_LENGTH)
    private String fromAddress;

    /** The sender a PEC envelope names as "Per conto di:" in its From field; null for other messages. */
    @Column(name = "on_behalf_of", length = ADDRESS_LENGTH)
    private String onBehalfOf;

    protected StoredMessage() {
        // for JPA
    }

    /**
     * A message placed in {@code folder}; takes the folder's next UID and modseq, so the caller must hold the
     * folder row locked. Header facts longer than their column are cut.
     *
     * @param pecKind a PecMessageKind name, {@link #ORDINARY}, or {@code null} when unknown
     */
    public StoredMessage(MailFolder folder, long blobId, long sizeBytes, OffsetDateTime internalDate,
            String subject, String messageId, String xRiferimentoMessageId, String pecKind, String fromAddress) {
        this(blobId, sizeBytes, internalDate, subject, messageId, xRiferimentoMessageId, pecKind, fromAddress);
        placeIn(folder);
    }

    /**
     * A message not yet in a folder: {@link #placeIn} gives it one, or the store writes its row itself with the
     * UID and modseq the folder row's UPDATE hands out (then this object is never persisted). Header facts longer
     * than their column are cut.
     *
     * @param pecKind a PecMessageKind name, {@link #ORDINARY}, or {@code null} when unknown
     */
    public StoredMessage(long blobId, long sizeBytes, OffsetDateTime internalDate, String subject, String messageId,
            String xRiferimentoMessageId, String pecKind, String fromAddress) {
        this.blobId = blobId;
        this.sizeBytes = sizeBytes;
        this.internalDate = Objects.requireNonNull(internalDate, "internalDate");
        this.subject = cut(subject, SUBJECT_LENGTH);
        this.messageId = cut(messageId, MESSAGE_ID_LENGTH);
        this.xRiferimentoMessageId = cut(xRiferimentoMessageId, MESSAGE_ID_LENGTH);
        this.pecKind = pecKind;
        this.fromAddress = cut(fromAddress, ADDRESS_LENGTH);
    }

    /** Puts the message in {@code folder} with the folder's next UID and modseq: the caller holds the row lock. */
    public void placeIn(MailFolder folder) {
        if (this.folder != null) {
            throw new IllegalStateException("already in a folder");
        }
        this.folder = Objects.requireNonNull(folder, "folder");
        this.uid = folder.assignUid();
        this.modseq = folder.nextModseq();
    }

    /**
     * Replaces every flag: system flags by their IMAP names ({@code \Seen}, case-insensitive), anything else is a
     * keyword. Does not touch {@link #getModseq()}; flag changes by IMAP clients go through the folder's counter.
     */
    public void replaceFlags(Collection<String> flags) {
        Set<SystemFlag> system = EnumSet.noneOf(SystemFlag.class);
        Set<String> words = new LinkedHashSet<>();
        for (String f : flags) {
            if (f == null || f.isBlank()) {
                continue;
            }
            SystemFlag.fromImapName(f.strip()).ifPresentOrElse(system::add, () -> words.add(f.strip()));
        }
        seen = system.contains(SystemFlag.SEEN);
        answered = system.contains(SystemFlag.ANSWERED);
        flagged = system.contains(SystemFlag.FLAGGED);
        deleted = system.contains(SystemFlag.DELETED);
        draft = system.contains(SystemFlag.DRAFT);
        String joined = String.join(" ", words);
        keywords = joined.isEmpty() ? null : cut(joined, KEYWORDS_LENGTH);
    }

    /** Records the sender a PEC envelope names as "Per conto di:" ({@code null}: none); cut to the column. */
    public void onBehalfOf(String sender) {
        this.onBehalfOf = cut(sender, ADDRESS_LENGTH);
    }

    public String getOnBehalfOf() {
        return onBehalfOf;
    }

    /** Marks a new modification (RFC 7162) with a value from the folder's counter. */
    public void touch(long newModseq) {
        this.modseq = newModseq;
    }

    /** System flags by IMAP name first, in {@link SystemFlag} order, then keywords. */
    public Set<String> getFlags() {
        Set<String> out = new LinkedHashSet<>();
        for (SystemFlag f : getSystemFlags()) {
            out.add(f.imapName());
        }
        if (keywords != null) {
            out.addAll(Arrays.asList(keywords.split(" ")));
        }
        return out;
    }

    public Set<SystemFlag> getSystemFlags() {
        Set<SystemFlag> out = EnumSet.noneOf(SystemFlag.class);
        if (seen) {
            out.add(SystemFlag.SEEN);
        }
        if (answered) {
            out.add(SystemFlag.ANSWERED);
        }
        if (flagged) {
            out.add(SystemFlag.FLAGGED);
        }
        if (deleted) {
            out.add(SystemFlag.DELETED);
        }
        if (draft) {
            out.add(SystemFlag.DRAFT);
        }
        return out;
    }

    public boolean isSeen() {
        return seen;
    }

    public boolean hasFlag(SystemFlag flag) {
        return getSystemFlags().contains(flag);
    }

    private static String cut(String value, int length) {
        return value == null || value.length() <= length ? value : value.substring(0, length);
    }

    public Long getId() {
        return id;
    }

    public MailFolder getFolder() {
        return folder;
    }

    public long getUid() {
        return uid;
    }

    public long getBlobId() {
        return blobId;
    }

    public long getSizeBytes() {
        return sizeBytes;
    }

    public OffsetDateTime getInternalDate() {
        return internalDate;
    }

    public long getModseq() {
        return modseq;
    }

    public String getSubject() {
        return subject;
    }

    public String getMessageId() {
        return messageId;
    }

    public String getXRiferimentoMessageId() {
        return xRiferimentoMessageId;
    }

    /** A PecMessageKind name, {@link #ORDINARY}, or {@code null} when unknown. */
    public String getPecKind() {
        return pecKind;
    }

    public String getFromAddress() {
        return fromAddress;
    }

    /** Keywords only, space-separated, {@code null} when none. */
    public String getKeywords() {
        return keywords;
    }
}
