package it.certmail.pec.access.domain;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Accesso alla casella: what an IMAP or POP3 session needs from the message store. Every method is one
 * transaction in the implementation; none keeps state between calls. Folder names are full names with
 * {@link #DELIMITER} as hierarchy separator; {@code INBOX} is case-insensitive.
 */
public interface MailAccess {

    /** Hierarchy separator of folder names. */
    char DELIMITER = '/';

    /** Checks a client password; never throws for bad input. */
    LoginOutcome login(String user, String password);

    /** The folders of a mailbox, by name. */
    List<FolderInfo> folders(String address) throws MailAccessException;

    /** The counters of one folder. */
    FolderStatus status(String address, String folder) throws MailAccessException;

    /** The counters of every folder of a mailbox, by name (the webmail's folder list): one read of the folders. */
    List<FolderStatus> statuses(String address) throws MailAccessException;

    /** The messages of one folder by ascending UID (POP3; IMAP uses {@link #index} and UID ranges). */
    List<MessageMeta> messages(String address, String folder) throws MailAccessException;

    /** Counters, then UID, flags and modseq of every message (SELECT): no more per message than that. */
    FolderIndex index(String address, String folder) throws MailAccessException;

    /**
     * The messages with these UIDs, by ascending UID; UIDs no longer there are left out. Reads only the rows
     * asked for, a few hundred at a time.
     *
     * @param uids ascending
     */
    List<MessageMeta> messages(String address, String folder, long[] uids) throws MailAccessException;

    /**
     * One page of a folder for the webmail's list, newest first (keyset paging by UID, see {@link MessageQuery}):
     * reads only the rows of the page.
     */
    List<MessageListing> page(String address, String folder, MessageQuery query) throws MailAccessException;

    /**
     * What changed since {@code sinceModseq} (an IDLE or NOOP refresh): reads only the folder row when nothing did.
     *
     * @param knownMaxUid the caller's highest UID, to count the messages still there up to it
     */
    FolderChanges changes(String address, String folder, long sinceModseq, long knownMaxUid)
            throws MailAccessException;

    /** Every UID of the folder up to {@code maxUid}, ascending (to find the expunged ones). */
    long[] uids(String address, String folder, long maxUid) throws MailAccessException;

    void createFolder(String address, String folder) throws MailAccessException;

    /** Deletes a folder and its messages (their blob references and usage are released). */
    void deleteFolder(String address, String folder) throws MailAccessException;

    /** Renames a folder and the folders below it. */
    void renameFolder(String address, String from, String to) throws MailAccessException;

    void subscribe(String address, String folder, boolean subscribed) throws MailAccessException;

    /**
     * Changes flags of the messages with the given UIDs; each changed message gets a new modseq.
     *
     * @param unchangedSince CONDSTORE UNCHANGEDSINCE, or a negative value for none
     */
    FlagUpdate updateFlags(String address, String folder, Collection<Long> uids, FlagOperation operation,
            Set<String> flags, long unchangedSince) throws MailAccessException;

    /** Copies (or moves) messages to another folder of the same mailbox; UIDs in the order given. */
    CopyResult copy(String address, String from, Collection<Long> uids, String to, boolean move)
            throws MailAccessException;

    /**
     * Removes the messages flagged {@code \Deleted} (only those in {@code uids} when not {@code null}).
     *
     * @return the UIDs removed
     */
    List<Long> expunge(String address, String folder, Collection<Long> uids) throws MailAccessException;

    /** Adds a message for the owner, within the quota ({@link MailAccessException.Reason#OVERQUOTA} otherwise). */
    AppendResult append(String address, String folder, byte[] raw, Set<String> flags, Instant internalDate)
            throws MailAccessException;

    QuotaUsage usage(String address) throws MailAccessException;

    /**
     * The first {@code maxBytes} bytes of each blob (all of it when shorter), read together; a blob that cannot be
     * served so (gone, or its first chunk shorter than asked) is left out and the caller opens it.
     */
    Map<Long, byte[]> prefixes(Collection<Long> blobIds, int maxBytes) throws IOException;

    /** The exact stored bytes of a blob, as a lazy stream the caller closes. */
    InputStream open(long blobId) throws IOException;
}
