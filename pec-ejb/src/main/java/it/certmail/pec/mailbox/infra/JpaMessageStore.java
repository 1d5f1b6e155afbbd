package it.certmail.pec.mailbox.infra;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;

import it.certmail.pec.mailbox.domain.InvalidMailboxRequestException;
import it.certmail.pec.mailbox.domain.MailboxConflictException;
import it.certmail.pec.mailbox.domain.MailboxNotFoundException;
import it.certmail.pec.mailbox.domain.MessageSummary;
import it.certmail.pec.mailbox.domain.QuotaExceededException;
import it.certmail.pec.mailbox.model.MailFolder;
import it.certmail.pec.mailbox.model.Mailbox;
import it.certmail.pec.mailbox.model.MessageBlob;
import it.certmail.pec.mailbox.model.StoredMessage;

/**
 * Archivio dei messaggi: places blobs in folders (UIDs, modseq, flags, usage) and lists them. Runs in the
 * caller's transaction on the given {@link EntityManager}.
 *
 * <p>UIDs come from the folder row, read with a pessimistic lock held until commit, so concurrent deliveries to
 * one folder get distinct, increasing UIDs. Usage is added with a bulk UPDATE (no lost increments, no optimistic
 * lock failures against admin edits of the mailbox). Whether a mailbox may receive at all
 * ({@code MailboxStatus.canReceive()}) is the delivery point's decision: it must answer with a notice.
 */
public class JpaMessageStore {

    private final EntityManager em;

    public JpaMessageStore(EntityManager em) {
        this.em = Objects.requireNonNull(em, "em");
    }

    /**
     * Delivers a message into a folder, whatever the quota ("a full mailbox still receives": a PEC delivery is
     * never refused for lack of space). The new message takes one reference on the blob.
     *
     * @param mailboxAddress the mailbox, any case
     * @param folderName     the folder; {@code INBOX} in any case
     * @param flags          IMAP flags ({@code \Seen}, keywords), may be empty
     * @throws MailboxNotFoundException if the mailbox or the folder does not exist
     */
    public DeliveredMessage deliver(String mailboxAddress, String folderName, BlobRef blob, MessageSummary summary,
            Collection<String> flags, Instant internalDate) throws MailboxNotFoundException {
        Mailbox mailbox = mailbox(mailboxAddress);
        return place(mailbox, folderName, blob, summary, flags, internalDate);
    }

    /**
     * Adds a message the owner puts in a folder (IMAP APPEND, a copy in Sent): like {@link #deliver} but refused
     * when it would take the mailbox over its quota.
     *
     * @throws QuotaExceededException if used + size would exceed the quota; nothing is written then
     */
    public DeliveredMessage append(String mailboxAddress, String folderName, BlobRef blob, MessageSummary summary,
            Collection<String> flags, Instant internalDate) throws MailboxNotFoundException, QuotaExceededException {
        Mailbox mailbox = mailbox(mailboxAddress);
        long used = usedBytes(mailbox);
        if (used + blob.size() > mailbox.getQuotaBytes()) {
            throw new QuotaExceededException(mailbox.getAddress() + " uses " + used + " of " + mailbox.getQuotaBytes()
                    + " bytes: no room for " + blob.size() + " more");
        }
        return place(mailbox, folderName, blob, summary, flags, internalDate);
    }

    /** The messages of a folder by ascending UID. */
    public List<StoredMessage> list(String mailboxAddress, String folderName) throws MailboxNotFoundException {
        MailFolder folder = folder(mailbox(mailboxAddress), folderName);
        return em.createNamedQuery(StoredMessage.FIND_BY_FOLDER, StoredMessage.class)
                .setParameter("folder", folder)
                .getResultList();
    }

    /** The folders of a mailbox by name. */
    public List<MailFolder> folders(String mailboxAddress) throws MailboxNotFoundException {
        Mailbox mailbox = mailbox(mailboxAddress);
        return em.createNamedQuery(MailFolder.FIND_BY_MAILBOX, MailFolder.class)
                .setParameter("address", mailbox.getAddress())
                .getResultList();
    }

    /** A message of this mailbox; empty when absent or in another mailbox. */
    public Optional<StoredMessage> find(String mailboxAddress, long messageId) {
        return em.createNamedQuery(StoredMessage.FIND_BY_ID_AND_MAILBOX, StoredMessage.class)
                .setParameter("id", messageId)
                .setParameter("address", normalize(mailboxAddress))
                .getResultStream().findFirst();
    }

    public MailboxUsage usage(String mailboxAddress) throws MailboxNotFoundException {
        Mailbox mailbox = mailbox(mailboxAddress);
        return new MailboxUsage(usedBytes(mailbox), mailbox.getQuotaBytes());
    }

    /** {@code INBOX} is case-insensitive (RFC 3501 §5.1); every other name is kept as given. */
    public static String canonicalFolderName(String folderName) {
        return folderName == null || folderName.equalsIgnoreCase(MailFolder.INBOX) ? MailFolder.INBOX : folderName;
    }

    /** Counts of a folder: messages, unseen messages, bytes. */
    public record FolderCounts(long messages, long unseen, long bytes) {
    }

    /** Result of a flag change: the messages as they are now, and the UIDs refused by UNCHANGEDSINCE. */
    public record FlagChanges(List<StoredMessage> messages, List<Long> modified) {
    }

    /** Result of COPY/MOVE: destination UIDVALIDITY and the UIDs pairwise. */
    public record Copied(long uidValidity, List<Long> sourceUids, List<Long> destinationUids) {
    }

    /** A folder of a mailbox. @throws MailboxNotFoundException if the mailbox or the folder does not exist */
    public MailFolder folder(String mailboxAddress, String folderName) throws MailboxNotFoundException {
        return folder(mailbox(mailboxAddress), folderName);
    }

    public FolderCounts counts(MailFolder folder) {
        Object[] row = em.createQuery("SELECT COUNT(m), SUM(m.sizeBytes) FROM StoredMessage m "
                + "WHERE m.folder = :folder", Object[].class)
                .setParameter("folder", folder).getSingleResult();
        Long unseen = em.createQuery("SELECT COUNT(m) FROM StoredMessage m WHERE m.folder = :folder "
                + "AND m.seen = :seen", Long.class)
                .setParameter("folder", folder).setParameter("seen", false).getSingleResult();
        return new FolderCounts(number(row[0]), number(unseen), number(row[1]));
    }

    private static long number(Object o) {
        return o == null ? 0 : ((Number) o).longValue();
    }

    /** The messages of a folder whose UIDs are in {@code uids} ({@code null}: all), by ascending UID. */
    public List<StoredMessage> messages(MailFolder folder, Collection<Long> uids) {
        List<StoredMessage> all = em.createNamedQuery(StoredMessage.FIND_BY_FOLDER, StoredMessage.class)
                .setParameter("folder", folder).getResultList();
        if (uids == null) {
            return all;
        }
        Set<Long> wanted = new HashSet<>(uids);
        return all.stream().filter(m -> wanted.contains(m.getUid())).collect(Collectors.toList());
    }

    /**
     * Changes the flags of the messages with the given UIDs, under a lock on the folder row; each message whose
     * flags change takes a new modseq from the folder (RFC 7162).
     *
     * @param change         from the current flags to the new ones
     * @param unchangedSince messages with a higher modseq are left alone and reported; negative for no condition
     */
    public FlagChanges updateFlags(String mailboxAddress, String folderName, Collection<Long> uids,
            UnaryOperator<Set<String>> change, long unchangedSince) throws MailboxNotFoundException {
        MailFolder folder = lock(folder(mailboxAddress, folderName));
        List<StoredMessage> result = new ArrayList<>();
        List<Long> modified = new ArrayList<>();
        for (StoredMessage m : messages(folder, uids)) {
            if (unchangedSince >= 0 && m.getModseq() > unchangedSince) {
                modified.add(m.getUid());
                continue;
            }
            Set<String> before = m.getFlags();
            Set<String> after = change.apply(new LinkedHashSet<>(before));
            if (!sameFlags(before, after)) {
                m.replaceFlags(after);
                m.touch(folder.nextModseq());
            }
            result.add(m);
        }
        em.flush();
        return new FlagChanges(result, modified);
    }

    private static boolean sameFlags(Set<String> a, Set<String> b) {
        Set<String> la = a.stream().map(f -> f.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
        Set<String> lb = b.stream().map(f -> f.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
        return la.equals(lb);
    }

    /**
     * Removes the messages flagged \\Deleted (only those in {@code uids} when not {@code null}): each releases its
     * blob reference (the last one deletes the bytes) and its size from the mailbox usage.
     *
     * @return the UIDs removed
     */
    public List<Long> expunge(String mailboxAddress, String folderName, Collection<Long> uids)
            throws MailboxNotFoundException {
        MailFolder folder = lock(folder(mailboxAddress, folderName));
        List<StoredMessage> doomed = messages(folder, uids).stream()
                .filter(m -> m.hasFlag(it.certmail.pec.mailbox.model.SystemFlag.DELETED)).toList();
        remove(folder, doomed);
        return doomed.stream().map(StoredMessage::getUid).toList();
    }

    private void remove(MailFolder folder, List<StoredMessage> doomed) {
        if (doomed.isEmpty()) {
            return;
        }
        long bytes = 0;
        List<Long> blobs = new ArrayList<>();
        for (StoredMessage m : doomed) {
            bytes += m.getSizeBytes();
            blobs.add(m.getBlobId());
            em.remove(m);
        }
        // the next modseq tells other sessions that something went
        folder.nextModseq();
        em.flush();
        for (long blob : blobs) {
            releaseBlob(blob);
        }
        em.createNamedQuery(Mailbox.ADD_USED_BYTES)
                .setParameter("delta", -bytes)
                .setParameter("id", folder.getMailbox().getId())
                .executeUpdate();
    }

    /** Drops one reference on a blob in this transaction; the last one deletes its bytes. */
    public void releaseBlob(long blobId) {
        em.createNativeQuery("UPDATE message_blob SET ref_count = ref_count - 1 WHERE id = ? AND ref_count > 0")
                .setParameter(1, blobId).executeUpdate();
        Object left = em.createNativeQuery("SELECT ref_count FROM message_blob WHERE id = ?")
                .setParameter(1, blobId).getResultStream().findFirst().orElse(null);
        if (left != null && ((Number) left).intValue() <= 0) {
            em.createNativeQuery("DELETE FROM message_blob_chunk WHERE blob_id = ?").setParameter(1, blobId)
                    .executeUpdate();
            em.createNativeQuery("DELETE FROM message_blob WHERE id = ?").setParameter(1, blobId).executeUpdate();
        }
    }

    /**
     * Copies messages to another folder of the same mailbox (same blob, one more reference), keeping flags and
     * internal date; a move then removes the originals. A copy counts against the quota, a move does not.
     *
     * @throws QuotaExceededException if a copy would take the mailbox over its quota; nothing is written then
     */
    public Copied copy(String mailboxAddress, String fromFolder, Collection<Long> uids, String toFolder,
            boolean move) throws MailboxNotFoundException, QuotaExceededException {
        Mailbox mailbox = mailbox(mailboxAddress);
        MailFolder from = folder(mailbox, fromFolder);
        MailFolder to = folder(mailbox, toFolder);
        if (move) {
            from = lock(from);
        }
        Map<Long, StoredMessage> byUid = messages(from, uids).stream()
                .collect(Collectors.toMap(StoredMessage::getUid, m -> m));
        List<StoredMessage> sources = new ArrayList<>();
        for (long uid : uids) {
            StoredMessage m = byUid.get(uid);
            if (m != null && !sources.contains(m)) {
                sources.add(m);
            }
        }
        long bytes = sources.stream().mapToLong(StoredMessage::getSizeBytes).sum();
        if (!move) {
            long used = usedBytes(mailbox);
            if (used + bytes > mailbox.getQuotaBytes()) {
                throw new QuotaExceededException(mailbox.getAddress() + " uses " + used + " of "
                        + mailbox.getQuotaBytes() + " bytes: no room for " + bytes + " more");
            }
        }
        MailFolder target = em.find(MailFolder.class, to.getId(), LockModeType.PESSIMISTIC_WRITE);
        List<Long> src = new ArrayList<>();
        List<Long> dst = new ArrayList<>();
        for (StoredMessage m : sources) {
            StoredMessage copy = new StoredMessage(target, m.getBlobId(), m.getSizeBytes(), m.getInternalDate(),
                    m.getSubject(), m.getMessageId(), m.getXRiferimentoMessageId(), m.getPecKind(),
                    m.getFromAddress());
            copy.replaceFlags(m.getFlags());
            em.persist(copy);
            em.createNamedQuery(MessageBlob.RETAIN).setParameter("id", m.getBlobId()).executeUpdate();
            src.add(m.getUid());
            dst.add(copy.getUid());
        }
        em.createNamedQuery(Mailbox.ADD_USED_BYTES).setParameter("delta", bytes)
                .setParameter("id", mailbox.getId()).executeUpdate();
        em.flush();
        if (move) {
            remove(from, sources);
        }
        return new Copied(target.getUidValidity(), src, dst);
    }

    /**
     * Creates an ordinary folder. Its UIDVALIDITY is above every other of the mailbox, so a folder deleted and
     * created again under the same name never reuses one.
     *
     * @throws MailboxConflictException        if the name exists
     * @throws InvalidMailboxRequestException if the name is empty or malformed
     */
    public MailFolder createFolder(String mailboxAddress, String folderName, Instant now)
            throws MailboxNotFoundException, MailboxConflictException, InvalidMailboxRequestException {
        Mailbox mailbox = mailbox(mailboxAddress);
        String name = checkName(folderName);
        if (findFolder(mailbox, name).isPresent()) {
            throw new MailboxConflictException("the folder " + name + " exists");
        }
        long max = em.createQuery("SELECT MAX(f.uidValidity) FROM MailFolder f WHERE f.mailbox = :m", Long.class)
                .setParameter("m", mailbox).getSingleResult();
        long uidValidity = Math.min(0xFFFF_FFFFL, Math.max(max + 1, now.getEpochSecond() & 0xFFFF_FFFFL));
        MailFolder folder = new MailFolder(mailbox, name, null, uidValidity);
        em.persist(folder);
        em.flush();
        return folder;
    }

    /**
     * Deletes a folder with its messages (references and usage released). INBOX and the special-use folders
     * stay; a folder with subfolders stays too.
     */
    public void deleteFolder(String mailboxAddress, String folderName)
            throws MailboxNotFoundException, InvalidMailboxRequestException {
        Mailbox mailbox = mailbox(mailboxAddress);
        MailFolder folder = lock(folder(mailbox, folderName));
        if (folder.getName().equals(MailFolder.INBOX) || folder.getSpecialUse() != null) {
            throw new InvalidMailboxRequestException("the folder " + folder.getName() + " cannot be deleted");
        }
        if (hasChildren(mailbox, folder.getName())) {
            throw new InvalidMailboxRequestException("the folder " + folder.getName() + " has subfolders");
        }
        remove(folder, messages(folder, null));
        em.remove(folder);
        em.flush();
    }

    /** Renames a folder and its subfolders (UIDs and UIDVALIDITY kept). INBOX cannot be renamed here. */
    public void renameFolder(String mailboxAddress, String fromName, String toName)
            throws MailboxNotFoundException, MailboxConflictException, InvalidMailboxRequestException {
        Mailbox mailbox = mailbox(mailboxAddress);
        MailFolder folder = folder(mailbox, fromName);
        String target = checkName(toName);
        if (folder.getName().equals(MailFolder.INBOX)) {
            throw new InvalidMailboxRequestException("INBOX cannot be renamed");
        }
        if (findFolder(mailbox, target).isPresent()) {
            throw new MailboxConflictException("the folder " + target + " exists");
        }
        String prefix = folder.getName() + "/";
        for (MailFolder f : folders(mailbox.getAddress())) {
            if (f.getName().startsWith(prefix)) {
                f.rename(target + "/" + f.getName().substring(prefix.length()));
            }
        }
        folder.rename(target);
        em.flush();
    }

    public void subscribe(String mailboxAddress, String folderName, boolean subscribed)
            throws MailboxNotFoundException {
        folder(mailboxAddress, folderName).setSubscribed(subscribed);
        em.flush();
    }

    private boolean hasChildren(Mailbox mailbox, String name) {
        return em.createNamedQuery(MailFolder.FIND_BY_MAILBOX, MailFolder.class)
                .setParameter("address", mailbox.getAddress()).getResultStream()
                .anyMatch(f -> f.getName().startsWith(name + "/"));
    }

    private Optional<MailFolder> findFolder(Mailbox mailbox, String name) {
        return em.createNamedQuery(MailFolder.FIND_BY_MAILBOX_AND_NAME, MailFolder.class)
                .setParameter("address", mailbox.getAddress())
                .setParameter("name", canonicalFolderName(name))
                .getResultStream().findFirst();
    }

    private static String checkName(String folderName) throws InvalidMailboxRequestException {
        String name = canonicalFolderName(folderName == null ? "" : folderName.strip());
        if (name.isEmpty() || name.length() > 255 || name.startsWith("/") || name.endsWith("/") || name.contains("//")
                || name.chars().anyMatch(c -> c < 0x20 || c == 0x7F)) {
            throw new InvalidMailboxRequestException("not a valid folder name: " + folderName);
        }
        return name;
    }

    private MailFolder lock(MailFolder folder) {
        return em.find(MailFolder.class, folder.getId(), LockModeType.PESSIMISTIC_WRITE);
    }

    private DeliveredMessage place(Mailbox mailbox, String folderName, BlobRef blob, MessageSummary summary,
            Collection<String> flags, Instant internalDate) throws MailboxNotFoundException {
        // read under FOR UPDATE at once (one statement): the UID counter must not be handed out twice
        String name = canonicalFolderName(folderName);
        MailFolder folder = em.createQuery("SELECT f FROM MailFolder f WHERE f.mailbox = :mailbox AND f.name = :name",
                        MailFolder.class)
                .setParameter("mailbox", mailbox).setParameter("name", name)
                .setLockMode(LockModeType.PESSIMISTIC_WRITE)
                .getResultStream().findFirst()
                .orElseThrow(() -> new MailboxNotFoundException("no folder " + name + " in " + mailbox.getAddress()));
        StoredMessage message = new StoredMessage(folder, blob.id(), blob.size(),
                internalDate.atOffset(ZoneOffset.UTC), summary.subject(), summary.messageId(),
                summary.xRiferimentoMessageId(), summary.pecKind(), summary.fromAddress());
        message.replaceFlags(flags);
        em.persist(message);
        if (em.createNamedQuery(MessageBlob.RETAIN).setParameter("id", blob.id()).executeUpdate() != 1) {
            throw new IllegalStateException("no message blob " + blob.id());
        }
        em.createNamedQuery(Mailbox.ADD_USED_BYTES)
                .setParameter("delta", blob.size())
                .setParameter("id", mailbox.getId())
                .executeUpdate();
        em.flush();
        return new DeliveredMessage(message.getId(), message.getUid(), folder.getUidValidity(), folder.getName(),
                blob.size());
    }

    private Mailbox mailbox(String address) throws MailboxNotFoundException {
        String normalized = normalize(address);
        return em.createNamedQuery(Mailbox.FIND_BY_ADDRESS, Mailbox.class)
                .setParameter("address", normalized)
                .getResultStream().findFirst()
                .orElseThrow(() -> new MailboxNotFoundException("no mailbox " + normalized));
    }

    private MailFolder folder(Mailbox mailbox, String folderName) throws MailboxNotFoundException {
        String name = canonicalFolderName(folderName);
        return em.createNamedQuery(MailFolder.FIND_BY_MAILBOX_AND_NAME, MailFolder.class)
                .setParameter("address", mailbox.getAddress())
                .setParameter("name", name)
                .getResultStream().findFirst()
                .orElseThrow(() -> new MailboxNotFoundException("no folder " + name + " in " + mailbox.getAddress()));
    }

    private long usedBytes(Mailbox mailbox) {
        return em.createNamedQuery(Mailbox.USED_BYTES, Long.class).setParameter("id", mailbox.getId()).getSingleResult();
    }

    private static String normalize(String address) {
        return address == null ? "" : address.strip().toLowerCase(Locale.ROOT);
    }
}
