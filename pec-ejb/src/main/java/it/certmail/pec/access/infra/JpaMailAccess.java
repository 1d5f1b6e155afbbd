package it.certmail.pec.access.infra;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

import jakarta.persistence.EntityManager;

import it.certmail.pec.access.domain.AppendResult;
import it.certmail.pec.access.domain.CopyResult;
import it.certmail.pec.access.domain.FlagOperation;
import it.certmail.pec.access.domain.FlagUpdate;
import it.certmail.pec.access.domain.FolderChanges;
import it.certmail.pec.access.domain.FolderIndex;
import it.certmail.pec.access.domain.FolderInfo;
import it.certmail.pec.access.domain.FolderStatus;
import it.certmail.pec.access.domain.LoginOutcome;
import it.certmail.pec.access.domain.MailAccess;
import it.certmail.pec.access.domain.MailAccessException;
import it.certmail.pec.access.domain.MailAccessException.Reason;
import it.certmail.pec.access.domain.MessageIndex;
import it.certmail.pec.access.domain.MessageListing;
import it.certmail.pec.access.domain.MessageMeta;
import it.certmail.pec.access.domain.MessageQuery;
import it.certmail.pec.access.domain.QuotaUsage;
import it.certmail.pec.blob.domain.BlobRef;
import it.certmail.pec.blob.infra.BlobStore;
import it.certmail.pec.mailbox.domain.DeliveredMessage;
import it.certmail.pec.mailbox.domain.FolderNames;
import it.certmail.pec.mailbox.domain.InvalidMailboxRequestException;
import it.certmail.pec.mailbox.domain.MailboxConflictException;
import it.certmail.pec.mailbox.domain.MailboxException;
import it.certmail.pec.mailbox.domain.MailboxNotFoundException;
import it.certmail.pec.mailbox.domain.MessageSummary;
import it.certmail.pec.mailbox.domain.MessageSummaryReader;
import it.certmail.pec.mailbox.domain.QuotaExceededException;
import it.certmail.pec.mailbox.infra.ClientPasswords;
import it.certmail.pec.mailbox.infra.JpaMailboxDirectory;
import it.certmail.pec.mailbox.infra.JpaMessageStore;
import it.certmail.pec.mailbox.infra.MailboxUsage;
import it.certmail.pec.mailbox.model.MailFolder;
import it.certmail.pec.mailbox.model.Mailbox;
import it.certmail.pec.mailbox.model.StoredMessage;

/**
 * Accesso alla casella su JPA: {@link MailAccess} over {@link JpaMessageStore} and {@link BlobStore}, in the
 * caller's transaction (one per call: the service facade or a test wrapper opens it). Store exceptions become
 * {@link MailAccessException}s with the reason IMAP reports.
 */
public class JpaMailAccess implements MailAccess {

    private final EntityManager em;
    private final BlobStore blobs;
    private final ClientPasswords passwords;
    private final Clock clock;

    public JpaMailAccess(EntityManager em, BlobStore blobs, ClientPasswords passwords, Clock clock) {
        this.em = Objects.requireNonNull(em, "em");
        this.blobs = Objects.requireNonNull(blobs, "blobs");
        this.passwords = Objects.requireNonNull(passwords, "passwords");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    private JpaMessageStore store() {
        return new JpaMessageStore(em);
    }

    @Override
    public LoginOutcome login(String user, String password) {
        Optional<Mailbox> found = new JpaMailboxDirectory(em).find(user);
        if (found.isEmpty() || !passwords.verify(found.get().getAddress(), password,
                found.get().getClientPasswordHash())) {
            return new LoginOutcome.BadCredentials();
        }
        Mailbox m = found.get();
        if (!m.getStatus().canLogin()) {
            return new LoginOutcome.Forbidden(m.getAddress(), m.getStatus().name().toLowerCase(Locale.ROOT));
        }
        return new LoginOutcome.Granted(m.getAddress());
    }

    @Override
    public List<FolderInfo> folders(String address) throws MailAccessException {
        try {
            return store().folders(address).stream()
                    .map(f -> new FolderInfo(f.getName(), f.getSpecialUse() == null ? null
                            : f.getSpecialUse().attribute(), f.isSubscribed()))
                    .toList();
        } catch (MailboxException e) {
            throw map(e);
        }
    }

    @Override
    public FolderStatus status(String address, String folder) throws MailAccessException {
        try {
            JpaMessageStore store = store();
            return status(store.folder(address, folder));
        } catch (MailboxException e) {
            throw map(e);
        }
    }

    @Override
    public List<FolderStatus> statuses(String address) throws MailAccessException {
        try {
            return store().folders(address).stream().map(JpaMailAccess::status).toList();
        } catch (MailboxException e) {
            throw map(e);
        }
    }

    /** The counts as the store keeps them on the folder row: nothing counted here. */
    private static FolderStatus status(MailFolder f) {
        JpaMessageStore.FolderCounts c = JpaMessageStore.counts(f);
        return new FolderStatus(f.getName(), f.getUidValidity(), f.getUidNext(), f.getHighestModseq(),
                c.messages(), c.unseen(), c.bytes());
    }

    @Override
    public List<MessageMeta> messages(String address, String folder) throws MailAccessException {
        try {
            JpaMessageStore store = store();
            return store.messages(store.folder(address, folder), null).stream().map(JpaMailAccess::meta).toList();
        } catch (MailboxException e) {
            throw map(e);
        }
    }

    @Override
    public FolderIndex index(String address, String folder) throws MailAccessException {
        try {
            JpaMessageStore store = store();
            MailFolder f = store.folder(address, folder);
            // counters first: a message changed meanwhile has a higher modseq and is read again by changes()
            FolderIndex index = new FolderIndex(f.getName(), f.getUidValidity(), f.getUidNext(),
                    f.getHighestModseq(), new MessageIndex(64));
            store.scanFlags(f, -1, index.messages()::add);
            return index;
        } catch (MailboxException e) {
            throw map(e);
        }
    }

    @Override
    public List<MessageMeta> messages(String address, String folder, long[] uids) throws MailAccessException {
        try {
            JpaMessageStore store = store();
            return store.rows(store.folder(address, folder), uids).stream()
                    .map(r -> new MessageMeta(r.uid(), r.blobId(), r.sizeBytes(), r.internalDate().toInstant(),
                            r.flags(), r.modseq()))
                    .toList();
        } catch (MailboxException e) {
            throw map(e);
        }
    }

    @Override
    public List<MessageListing> page(String address, String folder, MessageQuery query) throws MailAccessException {
        try {
            JpaMessageStore store = store();
            return store.page(store.folder(address, folder), query.beforeUid(), query.sender(), query.subject(),
                    query.since(), query.until(), query.kinds(), query.ordinary(), query.riferimento(), query.limit())
                    .stream()
                    .map(r -> new MessageListing(r.uid(), r.blobId(), r.sizeBytes(), r.internalDate().toInstant(),
                            r.flags(), r.subject(), r.fromAddress(), r.pecKind(), r.messageId(),
                            r.riferimentoMessageId()))
                    .toList();
        } catch (MailboxException e) {
            throw map(e);
        }
    }

    @Override
    public FolderChanges changes(String address, String folder, long sinceModseq, long knownMaxUid)
            throws MailAccessException {
        try {
            JpaMessageStore store = store();
            MailFolder f = store.folder(address, folder);
            MessageIndex changed = new MessageIndex(4);
            if (f.getHighestModseq() <= sinceModseq) {
                return new FolderChanges(f.getUidNext(), f.getHighestModseq(), changed, -1);
            }
            store.scanFlags(f, sinceModseq, changed::add);
            // after the changed rows: an expunge committed in between shows as a smaller count, seen now or next time
            long upTo = store.countUpToUid(f, knownMaxUid);
            return new FolderChanges(f.getUidNext(), f.getHighestModseq(), changed, upTo);
        } catch (MailboxException e) {
            throw map(e);
        }
    }

    @Override
    public long[] uids(String address, String folder, long maxUid) throws MailAccessException {
        try {
            JpaMessageStore store = store();
            return store.uids(store.folder(address, folder), maxUid);
        } catch (MailboxException e) {
            throw map(e);
        }
    }

    static MessageMeta meta(StoredMessage m) {
        return new MessageMeta(m.getUid(), m.getBlobId(), m.getSizeBytes(), m.getInternalDate().toInstant(),
                m.getFlags(), m.getModseq());
    }

    @Override
    public void createFolder(String address, String folder) throws MailAccessException {
        try {
            JpaMessageStore store = store();
            // the whole name first: a malformed one creates no superior name either
            FolderNames.checked(folder);
            // RFC 3501 §6.3.3: the superior names are created too
            int slash = folder.indexOf(DELIMITER);
            while (slash > 0) {
                String parent = folder.substring(0, slash);
                if (store.folders(address).stream().noneMatch(f -> f.getName().equals(parent))) {
                    store.createFolder(address, parent, clock.instant());
                }
                slash = folder.indexOf(DELIMITER, slash + 1);
            }
            store.createFolder(address, folder, clock.instant());
        } catch (MailboxException e) {
            throw map(e);
        }
    }

    @Override
    public void deleteFolder(String address, String folder) throws MailAccessException {
        try {
            store().deleteFolder(address, folder);
        } catch (MailboxException e) {
            throw map(e);
        }
    }

    @Override
    public void renameFolder(String address, String from, String to) throws MailAccessException {
        try {
            store().renameFolder(address, from, to);
        } catch (MailboxException e) {
            throw map(e);
        }
    }

    @Override
    public void subscribe(String address, String folder, boolean subscribed) throws MailAccessException {
        try {
            store().subscribe(address, folder, subscribed);
        } catch (MailboxException e) {
            throw map(e);
        }
    }

    @Override
    public FlagUpdate updateFlags(String address, String folder, Collection<Long> uids, FlagOperation operation,
            Set<String> flags, long unchangedSince) throws MailAccessException {
        UnaryOperator<Set<String>> change = current -> operation.apply(current, flags);
        try {
            JpaMessageStore.FlagChanges changes = store().updateFlags(address, folder, uids, change, unchangedSince);
            return new FlagUpdate(changes.messages().stream().map(JpaMailAccess::meta).toList(), changes.modified());
        } catch (MailboxException e) {
            throw map(e);
        }
    }

    @Override
    public CopyResult copy(String address, String from, Collection<Long> uids, String to, boolean move)
            throws MailAccessException {
        try {
            JpaMessageStore.Copied c = store().copy(address, from, uids, to, move);
            return new CopyResult(c.uidValidity(), c.sourceUids(), c.destinationUids());
        } catch (MailboxNotFoundException e) {
            // RFC 3501 §6.4.7: a missing destination is answered with [TRYCREATE]; NONEXISTENT is close enough
            throw map(e);
        } catch (MailboxException e) {
            throw map(e);
        }
    }

    @Override
    public List<Long> expunge(String address, String folder, Collection<Long> uids) throws MailAccessException {
        try {
            return store().expunge(address, folder, uids);
        } catch (MailboxException e) {
            throw map(e);
        }
    }

    @Override
    public AppendResult append(String address, String folder, byte[] raw, Set<String> flags, Instant internalDate)
            throws MailAccessException {
        BlobRef blob;
        try {
            blob = blobs.store(new ByteArrayInputStream(raw));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        JpaMessageStore store = store();
        try {
            MessageSummary summary = MessageSummaryReader.read(new ByteArrayInputStream(raw));
            DeliveredMessage d = store.append(address, folder, blob, summary, flags, internalDate);
            return new AppendResult(d.uidValidity(), d.uid());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (MailboxException e) {
            throw map(e);
        } finally {
            // the stored message holds its own reference; ours was only for the way in (released in this
            // transaction, which holds the row)
            store.releaseBlob(blob.id());
        }
    }

    @Override
    public QuotaUsage usage(String address) throws MailAccessException {
        try {
            MailboxUsage u = store().usage(address);
            return new QuotaUsage(u.usedBytes(), u.quotaBytes());
        } catch (MailboxException e) {
            throw map(e);
        }
    }

    @Override
    public Map<Long, byte[]> prefixes(Collection<Long> blobIds, int maxBytes) {
        return blobs.prefixes(blobIds, maxBytes);
    }

    @Override
    public InputStream open(long blobId) {
        return blobs.open(blobId);
    }

    static MailAccessException map(MailboxException e) {
        Reason reason;
        if (e instanceof MailboxNotFoundException) {
            reason = Reason.NONEXISTENT;
        } else if (e instanceof MailboxConflictException) {
            reason = Reason.ALREADYEXISTS;
        } else if (e instanceof QuotaExceededException) {
            reason = Reason.OVERQUOTA;
        } else if (e instanceof InvalidMailboxRequestException) {
            reason = Reason.CANNOT;
        } else {
            reason = Reason.CANNOT;
        }
        return new MailAccessException(reason, e.getMessage());
    }
}
