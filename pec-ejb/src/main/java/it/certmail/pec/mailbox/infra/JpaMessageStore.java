package it.certmail.pec.mailbox.infra;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
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
import jakarta.persistence.FlushModeType;
import jakarta.persistence.LockModeType;

import it.certmail.pec.blob.domain.BlobRef;
import it.certmail.pec.blob.domain.BlobReference;
import it.certmail.pec.mailbox.domain.DeliveredMessage;
import it.certmail.pec.mailbox.domain.FolderNames;
import it.certmail.pec.mailbox.domain.InvalidMailboxRequestException;
import it.certmail.pec.mailbox.domain.MailboxConflictException;
import it.certmail.pec.mailbox.domain.MailboxNotFoundException;
import it.certmail.pec.mailbox.domain.MessageSummary;
import it.certmail.pec.mailbox.domain.QuotaExceededException;
import it.certmail.pec.mailbox.model.MailFolder;
import it.certmail.pec.mailbox.model.Mailbox;
import it.certmail.pec.mailbox.model.StoredMessage;
import it.certmail.pec.mailbox.model.SystemFlag;
import it.certmail.pec.platform.infra.DatabaseProduct;

/**
 * Archivio dei messaggi: places blobs in folders (UIDs, modseq, flags, usage) and lists them. Runs in the
 * caller's transaction on the given {@link EntityManager}.
 *
 * <p>UIDs come from the folder row, read with a pessimistic lock held until commit, so concurrent deliveries to
 * one folder get distinct, increasing UIDs. Usage is added with a bulk UPDATE (no lost increments, no optimistic
 * lock failures against admin edits of the mailbox). The folder's counts (messages, unseen, bytes) move with every
 * message placed, flagged or removed, under the same folder row lock, in the UPDATE that writes its UID and modseq
 * counters; {@link #recount} counts the rows for a check or a repair. Whether a mailbox may receive at all
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
        return place(mailbox, folderName, blob, summary, flags, internalDate, BlobReference.NEW);
    }

    /** {@link #deliver} into a mailbox the caller has already read (in this transaction). */
    public DeliveredMessage deliver(Mailbox mailbox, String folderName, BlobRef blob, MessageSummary summary,
            Collection<String> flags, Instant internalDate) throws MailboxNotFoundException {
        return place(mailbox, folderName, blob, summary, flags, internalDate, BlobReference.NEW);
    }

    /**
     * {@link #deliver} into a mailbox the caller has already read, the message holding the blob by the reference
     * {@code reference} says: a new one, or the caller's own, which the caller then no longer releases (two
     * {@code ref_count} updates fewer when the caller would drop its reference right after).
     */
    public DeliveredMessage deliver(Mailbox mailbox, String folderName, BlobRef blob, MessageSummary summary,
            Collection<String> flags, Instant internalDate, BlobReference reference) throws MailboxNotFoundException {
        return place(mailbox, folderName, blob, summary, flags, internalDate, reference);
    }

    /**
     * {@link #deliver} when the mailbox exists and its status lets it receive, with one lookup of the mailbox;
     * empty (nothing written) otherwise.
     *
     * @throws MailboxNotFoundException if the mailbox has no such folder
     */
    public Optional<DeliveredMessage> deliverIfReceiving(String mailboxAddress, String folderName, BlobRef blob,
            MessageSummary summary, Collection<String> flags, Instant internalDate) throws MailboxNotFoundException {
        Optional<Mailbox> mailbox = findMailbox(mailboxAddress);
        if (mailbox.isEmpty() || !mailbox.get().getStatus().canReceive()) {
            return Optional.empty();
        }
        return Optional.of(place(mailbox.get(), folderName, blob, summary, flags, internalDate, BlobReference.NEW));
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
        return place(mailbox, folderName, blob, summary, flags, internalDate, BlobReference.NEW);
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
        return FolderNames.canonical(folderName);
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

    /** The folder's counts as the store keeps them on its row (no rows counted). */
    public static FolderCounts counts(MailFolder folder) {
        return new FolderCounts(folder.getMessageCount(), folder.getUnseenCount(), folder.getTotalBytes());
    }

    /**
     * Counts the folder's rows (what {@link #counts} should say; the check of the consistency tests). Reads the
     * committed rows and the changes flushed by this transaction.
     */
    public FolderCounts recount(MailFolder folder) {
        Object[] row = (Object[]) em.createNativeQuery("SELECT COUNT(*), COALESCE(SUM(size_bytes), 0),"
                        + " COALESCE(SUM(CASE WHEN flag_seen THEN 0 ELSE 1 END), 0) FROM stored_message WHERE folder_id = ?")
                .setParameter(1, folder.getId()).getSingleResult();
        return new FolderCounts(number(row[0]), number(row[2]), number(row[1]));
    }

    /**
     * Sets a folder's counts from its rows, under the folder row lock (a repair: the store keeps them right).
     *
     * @return the counts as they were before
     */
    public FolderCounts repairCounts(String mailboxAddress, String folderName) throws MailboxNotFoundException {
        MailFolder folder = lock(folder(mailboxAddress, folderName));
        FolderCounts before = counts(folder);
        FolderCounts now = recount(folder);
        folder.resetCounts(now.messages(), now.unseen(), now.bytes());
        em.flush();
        return before;
    }

    private static long number(Object o) {
        return o == null ? 0 : ((Number) o).longValue();
    }

    /** UIDs read per query when a command names messages: bounds the rows and the parameters of one statement. */
    static final int UID_BATCH = 500;

    /** Receives the rows of {@link #scanFlags}: flags as {@link StoredMessage#getFlags()} lists them, shared sets. */
    @FunctionalInterface
    public interface FlagRowSink {
        void accept(long uid, Set<String> flags, long modseq);
    }

    /** One message without its entity: what IMAP FETCH and SEARCH need of the row. */
    public record MessageRow(long uid, long blobId, long sizeBytes, OffsetDateTime internalDate, Set<String> flags,
            long modseq) {
    }

    /**
     * UID, flags and modseq of the messages of a folder, by ascending UID, without building entities (a SELECT of a
     * 100,000-message folder reads only these columns).
     *
     * @param aboveModseq only messages with a higher modseq; negative for all
     */
    public void scanFlags(MailFolder folder, long aboveModseq, FlagRowSink sink) {
        String sql = "SELECT uid, flag_seen, flag_answered, flag_flagged, flag_deleted, flag_draft, keywords, modseq"
                + " FROM stored_message WHERE folder_id = ?" + (aboveModseq >= 0 ? " AND modseq > ?" : "")
                + " ORDER BY uid";
        jakarta.persistence.Query q = em.createNativeQuery(sql).setParameter(1, folder.getId());
        if (aboveModseq >= 0) {
            q.setParameter(2, aboveModseq);
        }
        FlagSets sets = new FlagSets();
        for (Object o : q.getResultList()) {
            Object[] row = (Object[]) o;
            int bits = 0;
            for (int i = 0; i < 5; i++) {
                if (bool(row[1 + i])) {
                    bits |= 1 << i;
                }
            }
            sink.accept(number(row[0]), sets.of(bits, (String) row[6]), number(row[7]));
        }
    }

    private static boolean bool(Object o) {
        return o instanceof Boolean b ? b : o instanceof Number n && n.intValue() != 0;
    }

    /** Flag sets by system-flag bits (in {@link SystemFlag} order) and keywords, built once per distinct value. */
    private static final class FlagSets {
        private final Map<String, Set<String>> sets = new java.util.HashMap<>();

        Set<String> of(int bits, String keywords) {
            return sets.computeIfAbsent(bits + "|" + (keywords == null ? "" : keywords), k -> {
                Set<String> out = new LinkedHashSet<>();
                SystemFlag[] all = SystemFlag.values();
                for (int i = 0; i < all.length; i++) {
                    if ((bits & (1 << i)) != 0) {
                        out.add(all[i].imapName());
                    }
                }
                if (keywords != null) {
                    out.addAll(java.util.Arrays.asList(keywords.split(" ")));
                }
                return java.util.Collections.unmodifiableSet(out);
            });
        }
    }

    /** How many messages of the folder have a UID up to {@code maxUid}. */
    public long countUpToUid(MailFolder folder, long maxUid) {
        return em.createQuery("SELECT COUNT(m) FROM StoredMessage m WHERE m.folder = :folder AND m.uid <= :max",
                Long.class).setParameter("folder", folder).setParameter("max", maxUid).getSingleResult();
    }

    /** Every UID of the folder up to {@code maxUid}, ascending. */
    public long[] uids(MailFolder folder, long maxUid) {
        List<?> rows = em.createNativeQuery("SELECT uid FROM stored_message WHERE folder_id = ? AND uid <= ? ORDER BY uid")
                .setParameter(1, folder.getId()).setParameter(2, maxUid).getResultList();
        long[] out = new long[rows.size()];
        for (int i = 0; i < out.length; i++) {
            Object o = rows.get(i);
            out[i] = number(o instanceof Object[] a ? a[0] : o);
        }
        return out;
    }

    /** The rows of the messages with these UIDs (ascending), by ascending UID; absent UIDs are left out. */
    public List<MessageRow> rows(MailFolder folder, long[] uids) {
        List<MessageRow> out = new ArrayList<>(uids.length);
        FlagSets sets = new FlagSets();
        forBatches(uids, (lo, hi, in) -> {
            jakarta.persistence.TypedQuery<Object[]> q = em.createQuery("SELECT m.uid, m.blobId, m.sizeBytes, "
                    + "m.internalDate, m.seen, m.answered, m.flagged, m.deleted, m.draft, m.keywords, m.modseq "
                    + "FROM StoredMessage m WHERE m.folder = :folder AND "
                    + (in == null ? "m.uid BETWEEN :lo AND :hi" : "m.uid IN :uids") + " ORDER BY m.uid", Object[].class)
                    .setParameter("folder", folder);
            if (in == null) {
                q.setParameter("lo", lo).setParameter("hi", hi);
            } else {
                q.setParameter("uids", in);
            }
            Set<Long> wanted = in == null ? null : new HashSet<>(in);
            for (Object[] r : q.getResultList()) {
                long uid = number(r[0]);
                if (wanted != null && !wanted.contains(uid)) {
                    continue;
                }
                int bits = 0;
                for (int i = 0; i < 5; i++) {
                    if (bool(r[4 + i])) {
                        bits |= 1 << i;
                    }
                }
                out.add(new MessageRow(uid, number(r[1]), number(r[2]), (OffsetDateTime) r[3],
                        sets.of(bits, (String) r[9]), number(r[10])));
            }
        });
        if (uids.length > 0 && !isRun(uids)) {
            // a BETWEEN batch may bring UIDs that were not asked for
            Set<Long> wanted = new HashSet<>();
            for (long u : uids) {
                wanted.add(u);
            }
            out.removeIf(r -> !wanted.contains(r.uid()));
        }
        return out;
    }

    private static boolean isRun(long[] uids) {
        return uids[uids.length - 1] - uids[0] + 1 == uids.length;
    }

    /** One statement's worth of UIDs: a range [lo, hi] when they are dense in it, else the list. */
    @FunctionalInterface
    private interface Batch {
        void run(long lo, long hi, List<Long> in);
    }

    /**
     * Splits ascending UIDs into batches of at most {@link #UID_BATCH}: dense ones become one BETWEEN (an index
     * range), sparse ones an IN list.
     */
    private static void forBatches(long[] uids, Batch batch) {
        int i = 0;
        while (i < uids.length) {
            int end = Math.min(uids.length, i + UID_BATCH);
            long lo = uids[i];
            long hi = uids[end - 1];
            if (hi - lo + 1 <= 2L * (end - i)) {
                batch.run(lo, hi, null);
            } else {
                List<Long> in = new ArrayList<>(end - i);
                for (int k = i; k < end; k++) {
                    in.add(uids[k]);
                }
                batch.run(lo, hi, in);
            }
            i = end;
        }
    }

    /** A row of the webmail's message list: the message's columns, no bytes. */
    public record ListingRow(long uid, long blobId, long sizeBytes, OffsetDateTime internalDate, Set<String> flags,
            String subject, String fromAddress, String pecKind, String messageId, String riferimentoMessageId) {
    }

    /**
     * One page of a folder, newest first: UIDs below {@code beforeUid} (0: from the top) in descending order, at most
     * {@code limit}, filtered. Keyset paging on the (folder_id, uid) unique index, so the first page of a folder of
     * any size reads only its rows.
     *
     * @param senderPart  a part of the sender address, any case, or null
     * @param subjectPart a part of the subject, any case, or null
     * @param kinds       stored {@code pec_kind} names; with {@code ordinary} also rows with none (null or ORDINARY)
     * @param riferimento the messages of one transmission: the original (its Message-ID) and the receipts naming it
     *                    (their X-Riferimento-Message-ID), or null
     */
    public List<ListingRow> page(MailFolder folder, long beforeUid, String senderPart, String subjectPart,
            Instant since, Instant until, Collection<String> kinds, boolean ordinary, String riferimento, int limit) {
        StringBuilder jpql = new StringBuilder("SELECT m.uid, m.blobId, m.sizeBytes, m.internalDate, m.seen, "
                + "m.answered, m.flagged, m.deleted, m.draft, m.keywords, m.subject, m.fromAddress, m.pecKind, "
                + "m.messageId, m.xRiferimentoMessageId FROM StoredMessage m WHERE m.folder = :folder");
        if (beforeUid > 0) {
            jpql.append(" AND m.uid < :before");
        }
        if (senderPart != null) {
            // a PEC envelope's real sender too ("Per conto di:"), not only the provider's From address
            jpql.append(" AND (LOWER(m.fromAddress) LIKE :sender ESCAPE '!' OR LOWER(m.onBehalfOf) LIKE :sender ESCAPE '!')");
        }
        if (subjectPart != null) {
            jpql.append(" AND LOWER(m.subject) LIKE :subject ESCAPE '!'");
        }
        if (since != null) {
            jpql.append(" AND m.internalDate >= :since");
        }
        if (until != null) {
            jpql.append(" AND m.internalDate < :until");
        }
        boolean byKind = !kinds.isEmpty() || ordinary;
        if (byKind) {
            List<String> parts = new ArrayList<>();
            if (!kinds.isEmpty()) {
                parts.add("m.pecKind IN :kinds");
            }
            if (ordinary) {
                parts.add("m.pecKind IS NULL OR m.pecKind = '" + StoredMessage.ORDINARY + "'");
            }
            jpql.append(" AND (").append(String.join(" OR ", parts)).append(")");
        }
        if (riferimento != null) {
            jpql.append(" AND (m.xRiferimentoMessageId = :rif OR m.messageId = :rif)");
        }
        jpql.append(" ORDER BY m.uid DESC");
        jakarta.persistence.TypedQuery<Object[]> q = em.createQuery(jpql.toString(), Object[].class)
                .setParameter("folder", folder).setMaxResults(limit);
        if (beforeUid > 0) {
            q.setParameter("before", beforeUid);
        }
        if (senderPart != null) {
            q.setParameter("sender", likePart(senderPart));
        }
        if (subjectPart != null) {
            q.setParameter("subject", likePart(subjectPart));
        }
        if (since != null) {
            q.setParameter("since", since.atOffset(ZoneOffset.UTC));
        }
        if (until != null) {
            q.setParameter("until", until.atOffset(ZoneOffset.UTC));
        }
        if (!kinds.isEmpty()) {
            q.setParameter("kinds", List.copyOf(kinds));
        }
        if (riferimento != null) {
            q.setParameter("rif", riferimento);
        }
        FlagSets sets = new FlagSets();
        List<ListingRow> out = new ArrayList<>(limit);
        for (Object[] r : q.getResultList()) {
            int bits = 0;
            for (int i = 0; i < 5; i++) {
                if (bool(r[4 + i])) {
                    bits |= 1 << i;
                }
            }
            out.add(new ListingRow(number(r[0]), number(r[1]), number(r[2]), (OffsetDateTime) r[3],
                    sets.of(bits, (String) r[9]), (String) r[10], (String) r[11], (String) r[12], (String) r[13],
                    (String) r[14]));
        }
        return out;
    }

    /** {@code %part%} in lower case, with LIKE's wildcards taken literally (escape character {@code !}). */
    private static String likePart(String part) {
        String lower = part.toLowerCase(Locale.ROOT);
        return "%" + lower.replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%";
    }

    /** The messages of a folder whose UIDs are in {@code uids} ({@code null}: all), by ascending UID. */
    public List<StoredMessage> messages(MailFolder folder, Collection<Long> uids) {
        if (uids == null) {
            return em.createNamedQuery(StoredMessage.FIND_BY_FOLDER, StoredMessage.class)
                    .setParameter("folder", folder).setHint(REFRESH, true).getResultList();
        }
        long[] sorted = uids.stream().mapToLong(Long::longValue).distinct().sorted().toArray();
        Set<Long> wanted = new HashSet<>(uids);
        List<StoredMessage> out = new ArrayList<>(sorted.length);
        forBatches(sorted, (lo, hi, in) -> {
            jakarta.persistence.TypedQuery<StoredMessage> q = em.createQuery("SELECT m FROM StoredMessage m WHERE "
                    + "m.folder = :folder AND " + (in == null ? "m.uid BETWEEN :lo AND :hi" : "m.uid IN :uids")
                    + " ORDER BY m.uid", StoredMessage.class).setParameter("folder", folder).setHint(REFRESH, true);
            if (in == null) {
                q.setParameter("lo", lo).setParameter("hi", hi);
            } else {
                q.setParameter("uids", in);
            }
            for (StoredMessage m : q.getResultList()) {
                if (wanted.contains(m.getUid())) {
                    out.add(m);
                }
            }
        });
        return out;
    }

    /** The messages flagged \\Deleted, among {@code uids} when not {@code null}. */
    private List<StoredMessage> deleted(MailFolder folder, Collection<Long> uids) {
        if (uids != null) {
            return messages(folder, uids).stream().filter(m -> m.hasFlag(SystemFlag.DELETED)).toList();
        }
        return em.createQuery("SELECT m FROM StoredMessage m WHERE m.folder = :folder AND m.deleted = :d "
                + "ORDER BY m.uid", StoredMessage.class).setParameter("folder", folder).setParameter("d", true)
                .setHint(REFRESH, true).getResultList();
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
                boolean wasSeen = m.isSeen();
                m.replaceFlags(after);
                m.touch(folder.nextModseq());
                if (m.isSeen() != wasSeen) {
                    folder.countSeenChange(m.isSeen());
                }
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
        List<StoredMessage> doomed = deleted(folder, uids);
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
            folder.countOut(m.getSizeBytes(), m.isSeen());
            em.remove(m);
        }
        // the next modseq tells other sessions that something went
        folder.nextModseq();
        em.flush();
        for (long blob : blobs) {
            releaseBlob(blob);
        }
        addUsedBytes(folder.getMailbox().getId(), -bytes);
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
        MailFolder target = lock(to);
        List<Long> src = new ArrayList<>();
        List<Long> dst = new ArrayList<>();
        for (StoredMessage m : sources) {
            StoredMessage copy = new StoredMessage(target, m.getBlobId(), m.getSizeBytes(), m.getInternalDate(),
                    m.getSubject(), m.getMessageId(), m.getXRiferimentoMessageId(), m.getPecKind(),
                    m.getFromAddress());
            copy.replaceFlags(m.getFlags());
            copy.onBehalfOf(m.getOnBehalfOf());
            target.countIn(copy.getSizeBytes(), copy.isSeen());
            em.persist(copy);
            retainBlob(m.getBlobId());
            src.add(m.getUid());
            dst.add(copy.getUid());
        }
        addUsedBytes(mailbox.getId(), bytes);
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

    /**
     * Renames a folder and its subfolders (UIDs and UIDVALIDITY kept). INBOX cannot be renamed here, and no folder
     * takes a name that exists (a subfolder's new name included: that one failed on the unique name as an
     * exception of the database, the IMAP client's "internal error").
     */
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
        List<MailFolder> all = folders(mailbox.getAddress());
        Set<String> taken = all.stream().map(MailFolder::getName).collect(Collectors.toSet());
        FolderNames.checkSubfoldersFree(folder.getName(), target, taken);
        for (MailFolder f : all) {
            if (f.getName().startsWith(folder.getName() + "/")) {
                f.rename(target + f.getName().substring(folder.getName().length()));
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
        return FolderNames.checked(folderName);
    }

    /**
     * The folder row read again under FOR UPDATE, its entity refreshed: the counters are then moved from what the
     * database holds, never from a copy read before the lock. Every operation flushes before it returns, so there
     * are no pending changes of the folder to lose.
     */
    private MailFolder lock(MailFolder folder) {
        return em.find(MailFolder.class, folder.getId(), LockModeType.PESSIMISTIC_WRITE, Map.of(REFRESH, true));
    }

    /** EclipseLink's query hint: the entities read overwrite the copies the persistence context already holds. */
    private static final String REFRESH = "eclipselink.refresh";

    private DeliveredMessage place(Mailbox mailbox, String folderName, BlobRef blob, MessageSummary summary,
            Collection<String> flags, Instant internalDate, BlobReference reference) throws MailboxNotFoundException {
        String name = canonicalFolderName(folderName);
        StoredMessage message = new StoredMessage(blob.id(), blob.size(), internalDate.atOffset(ZoneOffset.UTC),
                summary.subject(), summary.messageId(), summary.xRiferimentoMessageId(), summary.pecKind(),
                summary.fromAddress());
        message.replaceFlags(flags);
        message.onBehalfOf(summary.onBehalfOf());
        if (onPostgres()) {
            return placeInOneStatement(mailbox, name, message, reference);
        }
        // read under FOR UPDATE at once (one statement): the UID counter must not be handed out twice
        MailFolder folder = em.createNamedQuery(MailFolder.LOCK_FOR_DEPOSIT, MailFolder.class)
                .setParameter("mailbox", mailbox).setParameter("name", name)
                .getResultStream().findFirst()
                .orElseThrow(() -> new MailboxNotFoundException("no folder " + name + " in " + mailbox.getAddress()));
        message.placeIn(folder);
        // written with the new UID and modseq in the folder's one UPDATE
        folder.countIn(blob.size(), message.isSeen());
        em.persist(message);
        if (reference == BlobReference.NEW && retainBlob(blob.id()) != 1) {
            throw new IllegalStateException("no message blob " + blob.id());
        }
        addUsedBytes(mailbox.getId(), blob.size());
        em.flush();
        return new DeliveredMessage(message.getId(), message.getUid(), folder.getUidValidity(), folder.getName(),
                blob.size());
    }

    /*
     * PostgreSQL: the whole deposit as one statement (data-modifying CTEs). The folder row's UPDATE takes its lock,
     * hands out the UID (the old uid_next) and the modseq (the new highest_modseq) and moves the counts; the message
     * row is inserted with them and its id from the sequence; the mailbox usage and, unless the caller hands its own
     * over, the blob reference follow. All parts see one snapshot and depend on the folder row, so a missing folder
     * writes nothing. Before: the folder SELECT ... FOR UPDATE, its UPDATE, the INSERT, the usage UPDATE and the
     * reference UPDATE, five round trips with the folder lock held across them. The values are bound once, in p.
     */
    private static final String PLACE_SQL = "WITH p AS (SELECT CAST(? AS BIGINT) AS unseen, CAST(? AS BIGINT) AS size,"
            + " CAST(? AS BIGINT) AS mailbox_id, CAST(? AS VARCHAR) AS name, CAST(? AS BIGINT) AS blob_id,"
            + " CAST(? AS TIMESTAMP WITH TIME ZONE) AS internal_date, CAST(? AS BOOLEAN) AS seen,"
            + " CAST(? AS BOOLEAN) AS answered, CAST(? AS BOOLEAN) AS flagged, CAST(? AS BOOLEAN) AS deleted,"
            + " CAST(? AS BOOLEAN) AS draft, CAST(? AS VARCHAR) AS keywords, CAST(? AS VARCHAR) AS subject,"
            + " CAST(? AS VARCHAR) AS message_id, CAST(? AS VARCHAR) AS x_riferimento_message_id,"
            + " CAST(? AS VARCHAR) AS pec_kind, CAST(? AS VARCHAR) AS from_address, CAST(? AS VARCHAR) AS on_behalf_of,"
            + " CAST(? AS BOOLEAN) AS take_reference),"
            + " folder AS ("
            + " UPDATE mail_folder f SET uid_next = f.uid_next + 1, highest_modseq = f.highest_modseq + 1,"
            + " message_count = f.message_count + 1, unseen_count = f.unseen_count + p.unseen,"
            + " total_bytes = f.total_bytes + p.size"
            + " FROM p WHERE f.mailbox_id = p.mailbox_id AND f.name = p.name"
            + " RETURNING f.id, f.mailbox_id, f.uid_next - 1 AS uid, f.highest_modseq AS modseq, f.uid_validity, f.name),"
            + " message AS ("
            + " INSERT INTO stored_message (id, folder_id, uid, blob_id, size_bytes, internal_date, flag_seen,"
            + " flag_answered, flag_flagged, flag_deleted, flag_draft, keywords, modseq, subject, message_id,"
            + " x_riferimento_message_id, pec_kind, from_address, on_behalf_of)"
            + " SELECT nextval('stored_message_seq'), folder.id, folder.uid, p.blob_id, p.size, p.internal_date, p.seen,"
            + " p.answered, p.flagged, p.deleted, p.draft, p.keywords, folder.modseq, p.subject, p.message_id,"
            + " p.x_riferimento_message_id, p.pec_kind, p.from_address, p.on_behalf_of FROM folder, p"
            + " RETURNING id, uid),"
            + " usage AS (UPDATE mailbox SET used_bytes = used_bytes + (SELECT size FROM p)"
            + " WHERE id IN (SELECT mailbox_id FROM folder)),"
            + " reference AS (UPDATE message_blob SET ref_count = ref_count + 1"
            + " WHERE id = (SELECT blob_id FROM p) AND (SELECT take_reference FROM p) AND EXISTS (SELECT 1 FROM folder)"
            + " RETURNING id)"
            + " SELECT message.id, message.uid, folder.id, folder.uid_validity, folder.name,"
            + " (SELECT COUNT(*) FROM reference) FROM message, folder";

    private DeliveredMessage placeInOneStatement(Mailbox mailbox, String name, StoredMessage m,
            BlobReference reference) throws MailboxNotFoundException {
        Set<SystemFlag> system = m.getSystemFlags();
        boolean takeReference = reference == BlobReference.NEW;
        // changes this transaction has not written yet go first, as the JPQL read did before; then plain JDBC on
        // the transaction's own connection: EclipseLink's native query machinery cost more than the statement
        em.flush();
        Connection c = em.unwrap(Connection.class);
        try (PreparedStatement ps = c.prepareStatement(PLACE_SQL)) {
            ps.setLong(1, m.isSeen() ? 0L : 1L);
            ps.setLong(2, m.getSizeBytes());
            ps.setLong(3, mailbox.getId());
            ps.setString(4, name);
            ps.setLong(5, m.getBlobId());
            ps.setObject(6, m.getInternalDate());
            ps.setBoolean(7, m.isSeen());
            ps.setBoolean(8, system.contains(SystemFlag.ANSWERED));
            ps.setBoolean(9, system.contains(SystemFlag.FLAGGED));
            ps.setBoolean(10, system.contains(SystemFlag.DELETED));
            ps.setBoolean(11, system.contains(SystemFlag.DRAFT));
            ps.setString(12, m.getKeywords());
            ps.setString(13, m.getSubject());
            ps.setString(14, m.getMessageId());
            ps.setString(15, m.getXRiferimentoMessageId());
            ps.setString(16, m.getPecKind());
            ps.setString(17, m.getFromAddress());
            ps.setString(18, m.getOnBehalfOf());
            ps.setBoolean(19, takeReference);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new MailboxNotFoundException("no folder " + name + " in " + mailbox.getAddress());
                }
                if (takeReference && rs.getLong(6) != 1) {
                    throw new IllegalStateException("no message blob " + m.getBlobId());
                }
                refreshIfManaged(rs.getLong(3));
                return new DeliveredMessage(rs.getLong(1), rs.getLong(2), rs.getLong(4), rs.getString(5),
                        m.getSizeBytes());
            }
        } catch (SQLException e) {
            throw new IllegalStateException("deposit into " + name + " of " + mailbox.getAddress() + " failed: "
                    + e.getMessage(), e);
        }
    }

    /**
     * A copy of the folder this transaction has read before (an IMAP or webmail operation) would now show the
     * counters from before the statement: it is read again. The lookup goes to the persistence context only (the
     * cache-only hint: no SQL when the folder is not there, the transport's case).
     */
    private void refreshIfManaged(long folderId) {
        MailFolder managed = em.find(MailFolder.class, folderId, Map.of(CACHE_USAGE, CHECK_CACHE_ONLY));
        if (managed != null) {
            em.refresh(managed);
        }
    }

    /** EclipseLink's query hint and its value: answer from the persistence context, never from the database. */
    private static final String CACHE_USAGE = "eclipselink.cache-usage";
    private static final String CHECK_CACHE_ONLY = "CheckCacheOnly";

    /** Which database, asked once per persistence unit ({@link DatabaseProduct}) rather than on every deposit. */
    private boolean onPostgres() {
        return DatabaseProduct.isPostgres(em);
    }

    /*
     * The two counters every deposit moves, as bound native statements: EclipseLink sent the JPQL bulk updates as
     * unbound SQL text, which the database parsed anew each time (a tenth of a deposit's time on H2). Neither needs
     * the pending inserts flushed first.
     */
    private int retainBlob(long blobId) {
        return em.createNativeQuery("UPDATE message_blob SET ref_count = ref_count + 1 WHERE id = ?")
                .setParameter(1, blobId).setFlushMode(FlushModeType.COMMIT).executeUpdate();
    }

    private void addUsedBytes(long mailboxId, long delta) {
        em.createNativeQuery("UPDATE mailbox SET used_bytes = used_bytes + ? WHERE id = ?")
                .setParameter(1, delta).setParameter(2, mailboxId).setFlushMode(FlushModeType.COMMIT).executeUpdate();
    }

    private Mailbox mailbox(String address) throws MailboxNotFoundException {
        return findMailbox(address).orElseThrow(() -> new MailboxNotFoundException("no mailbox " + normalize(address)));
    }

    /** By key, without flushing pending changes first (as {@code JpaMailboxDirectory.find}). */
    public Optional<Mailbox> findMailbox(String address) {
        return em.createNamedQuery(Mailbox.FIND_BY_ADDRESS, Mailbox.class)
                .setParameter("address", normalize(address))
                .setFlushMode(FlushModeType.COMMIT)
                .getResultStream().findFirst();
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
