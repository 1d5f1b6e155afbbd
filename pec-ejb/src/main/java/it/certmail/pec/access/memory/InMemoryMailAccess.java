package it.certmail.pec.access.memory;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

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
import it.certmail.pec.mailbox.domain.FolderNames;
import it.certmail.pec.mailbox.domain.MailAddresses;
import it.certmail.pec.mailbox.domain.MailboxException;
import it.certmail.pec.mailbox.domain.MessageSummary;
import it.certmail.pec.mailbox.domain.MessageSummaryReader;
import it.certmail.pec.mailbox.infra.ClientPasswords;
import it.certmail.pec.mailbox.model.MailFolder;
import it.certmail.pec.mailbox.model.Mailbox;
import it.certmail.pec.mailbox.model.MailboxStatus;
import it.certmail.pec.mailbox.model.SystemFlag;

/**
 * Accesso alla casella in memoria: {@link MailAccess} over maps, with the behaviour of the JPA store
 * ({@code JpaMailAccess}; {@code MailAccessContract} holds both to it): the same UIDs, UIDVALIDITY and modseq
 * counters, flags kept as the store's columns keep them, quota, blob references (one blob per distinct content),
 * and the same refusals. For tests and fuzzing of the IMAP and POP3 sessions, where the database's milliseconds per
 * call are all the time there is. Thread-safe: every call holds one lock, except the password check.
 *
 * <p>What the directory and the delivery point do on the database is done here by {@link #createMailbox},
 * {@link #setClientPasswordHash}, {@link #setStatus}, {@link #setQuota} and {@link #deliver}.
 */
public class InMemoryMailAccess implements MailAccess {

    /** Column sizes of {@code stored_message}: longer header facts are cut, as the entity cuts them. */
    private static final int SUBJECT_LENGTH = 1000;
    private static final int MESSAGE_ID_LENGTH = 998;
    private static final int ADDRESS_LENGTH = 320;
    private static final int KEYWORDS_LENGTH = 1000;
    /** Largest prefix the blob store serves ({@code MessageBlob.CHUNK_BYTES}, its row size). */
    private static final int MAX_PREFIX = 1 << 20;
    private static final long MAX_UID_VALIDITY = 0xFFFF_FFFFL;

    private final ClientPasswords passwords;
    private final Clock clock;
    private final Object lock = new Object();
    private final Map<String, Box> mailboxes = new HashMap<>();
    private final Map<Long, Blob> blobs = new HashMap<>();
    private final Map<String, Blob> blobsBySha256 = new HashMap<>();
    private long lastBlobId;

    public InMemoryMailAccess(ClientPasswords passwords, Clock clock) {
        this.passwords = Objects.requireNonNull(passwords, "passwords");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    // ---------------------------------------------------------------- what the directory and delivery point do

    /**
     * An {@link MailboxStatus#ACTIVE} mailbox with the default quota and the standard folders, whose UIDVALIDITY
     * is the clock's second, as the directory creates one.
     *
     * @throws IllegalArgumentException if the address is malformed or taken
     */
    public void createMailbox(String address) {
        String a = MailAddresses.normalizeAddress(address)
                .orElseThrow(() -> new IllegalArgumentException("not a valid mailbox address: " + address));
        long uidValidity = Math.max(1, clock.instant().getEpochSecond() & MAX_UID_VALIDITY);
        synchronized (lock) {
            if (mailboxes.containsKey(a)) {
                throw new IllegalArgumentException("the mailbox " + a + " exists already");
            }
            Box box = new Box(a);
            for (MailFolder.Standard f : MailFolder.DEFAULTS) {
                box.folders.put(f.name(), new Folder(f.name(), f.specialUse() == null ? null
                        : f.specialUse().attribute(), uidValidity));
            }
            mailboxes.put(a, box);
        }
    }

    /** The Argon2id hash of the client password ({@link ClientPasswords#hash}). */
    public void setClientPasswordHash(String address, String hash) throws MailAccessException {
        synchronized (lock) {
            box(address).passwordHash = Objects.requireNonNull(hash, "hash");
        }
    }

    public void setStatus(String address, MailboxStatus status) throws MailAccessException {
        synchronized (lock) {
            box(address).status = Objects.requireNonNull(status, "status");
        }
    }

    public void setQuota(String address, long quotaBytes) throws MailAccessException {
        if (quotaBytes < 0) {
            throw new IllegalArgumentException("negative quota");
        }
        synchronized (lock) {
            box(address).quotaBytes = quotaBytes;
        }
    }

    /** Delivers a message as the delivery point does: whatever the quota ("a full mailbox still receives"). */
    public AppendResult deliver(String address, String folder, byte[] raw, Set<String> flags, Instant internalDate)
            throws MailAccessException {
        Header header = Header.of(raw);
        synchronized (lock) {
            Box box = box(address);
            return place(box, folder(box, folder), raw, header, flags, internalDate);
        }
    }

    // ---------------------------------------------------------------- MailAccess

    @Override
    public LoginOutcome login(String user, String password) {
        Optional<String> address = MailAddresses.normalizeAddress(user);
        String hash;
        MailboxStatus status;
        synchronized (lock) {
            Box box = address.map(mailboxes::get).orElse(null);
            if (box == null) {
                return new LoginOutcome.BadCredentials();
            }
            hash = box.passwordHash;
            status = box.status;
        }
        // outside the lock: an Argon2id check takes a tenth of a second
        if (!passwords.verify(address.get(), password, hash)) {
            return new LoginOutcome.BadCredentials();
        }
        if (!status.canLogin()) {
            return new LoginOutcome.Forbidden(address.get(), status.name().toLowerCase(Locale.ROOT));
        }
        return new LoginOutcome.Granted(address.get());
    }

    @Override
    public List<FolderInfo> folders(String address) throws MailAccessException {
        synchronized (lock) {
            return box(address).folders.values().stream()
                    .map(f -> new FolderInfo(f.name, f.specialUse, f.subscribed)).toList();
        }
    }

    @Override
    public FolderStatus status(String address, String folder) throws MailAccessException {
        synchronized (lock) {
            Box box = box(address);
            return folder(box, folder).status();
        }
    }

    @Override
    public List<FolderStatus> statuses(String address) throws MailAccessException {
        synchronized (lock) {
            return box(address).folders.values().stream().map(Folder::status).toList();
        }
    }

    @Override
    public List<MessageMeta> messages(String address, String folder) throws MailAccessException {
        synchronized (lock) {
            Box box = box(address);
            return folder(box, folder).messages.values().stream().map(Message::meta).toList();
        }
    }

    @Override
    public FolderIndex index(String address, String folder) throws MailAccessException {
        synchronized (lock) {
            Box box = box(address);
            Folder f = folder(box, folder);
            MessageIndex index = new MessageIndex(Math.max(64, f.messages.size()));
            for (Message m : f.messages.values()) {
                index.add(m.uid, m.flags.names(), m.modseq);
            }
            return new FolderIndex(f.name, f.uidValidity, f.uidNext, f.highestModseq, index);
        }
    }

    @Override
    public List<MessageMeta> messages(String address, String folder, long[] uids) throws MailAccessException {
        synchronized (lock) {
            Box box = box(address);
            return present(folder(box, folder), LongStream.of(uids).boxed().toList()).stream()
                    .map(Message::meta).toList();
        }
    }

    @Override
    public List<MessageListing> page(String address, String folder, MessageQuery query) throws MailAccessException {
        Predicate<Message> wanted = listed(query);
        synchronized (lock) {
            Box box = box(address);
            Folder f = folder(box, folder);
            Map<Long, Message> newestFirst = query.beforeUid() > 0
                    ? f.messages.headMap(query.beforeUid(), false).descendingMap() : f.messages.descendingMap();
            return newestFirst.values().stream().filter(wanted).limit(query.limit())
                    .map(m -> new MessageListing(m.uid, m.blobId, m.size, m.internalDate, m.flags.names(),
                            m.header.subject, m.header.fromAddress, m.header.pecKind, m.header.messageId,
                            m.header.riferimento))
                    .toList();
        }
    }

    /** The filters of a page as the store's query applies them (a part in any case; dates half-open). */
    private static Predicate<Message> listed(MessageQuery q) {
        Predicate<Message> p = m -> true;
        if (q.sender() != null) {
            String part = q.sender().toLowerCase(Locale.ROOT);
            p = p.and(m -> containsLower(m.header.fromAddress, part) || containsLower(m.header.onBehalfOf, part));
        }
        if (q.subject() != null) {
            String part = q.subject().toLowerCase(Locale.ROOT);
            p = p.and(m -> containsLower(m.header.subject, part));
        }
        if (q.since() != null) {
            p = p.and(m -> !m.internalDate.isBefore(q.since()));
        }
        if (q.until() != null) {
            p = p.and(m -> m.internalDate.isBefore(q.until()));
        }
        if (!q.kinds().isEmpty() || q.ordinary()) {
            p = p.and(m -> q.kinds().contains(m.header.pecKind) || q.ordinary()
                    && (m.header.pecKind == null || MessageSummary.ORDINARY.equals(m.header.pecKind)));
        }
        if (q.riferimento() != null) {
            p = p.and(m -> q.riferimento().equals(m.header.riferimento)
                    || q.riferimento().equals(m.header.messageId));
        }
        return p;
    }

    private static boolean containsLower(String value, String lowerPart) {
        return value != null && value.toLowerCase(Locale.ROOT).contains(lowerPart);
    }

    @Override
    public FolderChanges changes(String address, String folder, long sinceModseq, long knownMaxUid)
            throws MailAccessException {
        synchronized (lock) {
            Box box = box(address);
            Folder f = folder(box, folder);
            MessageIndex changed = new MessageIndex(4);
            if (f.highestModseq <= sinceModseq) {
                return new FolderChanges(f.uidNext, f.highestModseq, changed, -1);
            }
            for (Message m : f.messages.values()) {
                if (m.modseq > sinceModseq) {
                    changed.add(m.uid, m.flags.names(), m.modseq);
                }
            }
            return new FolderChanges(f.uidNext, f.highestModseq, changed,
                    f.messages.headMap(knownMaxUid, true).size());
        }
    }

    @Override
    public long[] uids(String address, String folder, long maxUid) throws MailAccessException {
        synchronized (lock) {
            Box box = box(address);
            return folder(box, folder).messages.headMap(maxUid, true).keySet().stream()
                    .mapToLong(Long::longValue).toArray();
        }
    }

    @Override
    public void createFolder(String address, String folder) throws MailAccessException {
        synchronized (lock) {
            Box box = box(address);
            // the whole name first: a malformed one creates no superior name either
            checkedName(folder);
            // RFC 3501 §6.3.3: the superior names are created too (one by one, as the JPA adapter does)
            int slash = folder.indexOf(DELIMITER);
            while (slash > 0) {
                String parent = folder.substring(0, slash);
                if (!box.folders.containsKey(parent)) {
                    createOne(box, parent);
                }
                slash = folder.indexOf(DELIMITER, slash + 1);
            }
            createOne(box, folder);
        }
    }

    /** An ordinary folder whose UIDVALIDITY is above every other of the mailbox (a name reused never reuses one). */
    private void createOne(Box box, String folder) throws MailAccessException {
        String name = checkedName(folder);
        if (box.folders.containsKey(name)) {
            throw new MailAccessException(Reason.ALREADYEXISTS, "the folder " + name + " exists");
        }
        long max = box.folders.values().stream().mapToLong(f -> f.uidValidity).max().orElse(0);
        long uidValidity = Math.min(MAX_UID_VALIDITY,
                Math.max(max + 1, clock.instant().getEpochSecond() & MAX_UID_VALIDITY));
        box.folders.put(name, new Folder(name, null, uidValidity));
    }

    @Override
    public void deleteFolder(String address, String folder) throws MailAccessException {
        synchronized (lock) {
            Box box = box(address);
            Folder f = folder(box, folder);
            if (f.name.equals(FolderNames.INBOX) || f.specialUse != null) {
                throw new MailAccessException(Reason.CANNOT, "the folder " + f.name + " cannot be deleted");
            }
            if (box.folders.keySet().stream().anyMatch(n -> n.startsWith(f.name + DELIMITER))) {
                throw new MailAccessException(Reason.CANNOT, "the folder " + f.name + " has subfolders");
            }
            remove(box, f, List.copyOf(f.messages.values()));
            box.folders.remove(f.name);
        }
    }

    @Override
    public void renameFolder(String address, String from, String to) throws MailAccessException {
        synchronized (lock) {
            Box box = box(address);
            Folder folder = folder(box, from);
            String target = checkedName(to);
            if (folder.name.equals(FolderNames.INBOX)) {
                throw new MailAccessException(Reason.CANNOT, "INBOX cannot be renamed");
            }
            if (box.folders.containsKey(target)) {
                throw new MailAccessException(Reason.ALREADYEXISTS, "the folder " + target + " exists");
            }
            try {
                FolderNames.checkSubfoldersFree(folder.name, target, box.folders.keySet());
            } catch (MailboxException e) {
                throw new MailAccessException(Reason.ALREADYEXISTS, e.getMessage());
            }
            String old = folder.name;
            List<Folder> moving = box.folders.values().stream()
                    .filter(f -> f == folder || f.name.startsWith(old + DELIMITER)).toList();
            moving.forEach(f -> box.folders.remove(f.name));
            for (Folder f : moving) {
                f.name = target + f.name.substring(old.length());
                box.folders.put(f.name, f);
            }
        }
    }

    @Override
    public void subscribe(String address, String folder, boolean subscribed) throws MailAccessException {
        synchronized (lock) {
            Box box = box(address);
            folder(box, folder).subscribed = subscribed;
        }
    }

    @Override
    public FlagUpdate updateFlags(String address, String folder, Collection<Long> uids, FlagOperation operation,
            Set<String> flags, long unchangedSince) throws MailAccessException {
        synchronized (lock) {
            Box box = box(address);
            Folder f = folder(box, folder);
            List<MessageMeta> result = new ArrayList<>();
            List<Long> modified = new ArrayList<>();
            for (Message m : present(f, uids)) {
                if (unchangedSince >= 0 && m.modseq > unchangedSince) {
                    modified.add(m.uid);
                    continue;
                }
                Set<String> before = m.flags.names();
                Set<String> after = operation.apply(new LinkedHashSet<>(before), flags);
                if (!lowerCase(before).equals(lowerCase(after))) {
                    boolean wasSeen = m.flags.seen();
                    m.flags = StoredFlags.of(after);
                    m.modseq = ++f.highestModseq;
                    if (m.flags.seen() != wasSeen) {
                        f.unseen += m.flags.seen() ? -1 : 1;
                    }
                }
                result.add(m.meta());
            }
            return new FlagUpdate(result, modified);
        }
    }

    private static Set<String> lowerCase(Set<String> flags) {
        return flags.stream().map(s -> s.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
    }

    @Override
    public CopyResult copy(String address, String from, Collection<Long> uids, String to, boolean move)
            throws MailAccessException {
        synchronized (lock) {
            Box box = box(address);
            Folder source = folder(box, from);
            Folder target = folder(box, to);
            List<Message> sources = new ArrayList<>();
            for (long uid : uids) {
                Message m = source.messages.get(uid);
                if (m != null && !sources.contains(m)) {
                    sources.add(m);
                }
            }
            long bytes = sources.stream().mapToLong(m -> m.size).sum();
            if (!move && box.usedBytes + bytes > box.quotaBytes) {
                throw new MailAccessException(Reason.OVERQUOTA, box.address + " uses " + box.usedBytes + " of "
                        + box.quotaBytes + " bytes: no room for " + bytes + " more");
            }
            List<Long> src = new ArrayList<>();
            List<Long> dst = new ArrayList<>();
            for (Message m : sources) {
                // the flags as read back, stored again (the entity's copy does the same)
                Message copy = target.add(m.blobId, m.size, m.internalDate, m.header, StoredFlags.of(m.flags.names()));
                blobs.get(m.blobId).references++;
                src.add(m.uid);
                dst.add(copy.uid);
            }
            box.usedBytes += bytes;
            if (move) {
                remove(box, source, sources);
            }
            return new CopyResult(target.uidValidity, src, dst);
        }
    }

    @Override
    public List<Long> expunge(String address, String folder, Collection<Long> uids) throws MailAccessException {
        synchronized (lock) {
            Box box = box(address);
            Folder f = folder(box, folder);
            List<Message> doomed = (uids == null ? List.copyOf(f.messages.values()) : present(f, uids)).stream()
                    .filter(m -> m.flags.has(SystemFlag.DELETED)).toList();
            remove(box, f, doomed);
            return doomed.stream().map(m -> m.uid).toList();
        }
    }

    @Override
    public AppendResult append(String address, String folder, byte[] raw, Set<String> flags, Instant internalDate)
            throws MailAccessException {
        Header header = Header.of(raw);
        synchronized (lock) {
            Box box = box(address);
            if (box.usedBytes + raw.length > box.quotaBytes) {
                throw new MailAccessException(Reason.OVERQUOTA, box.address + " uses " + box.usedBytes + " of "
                        + box.quotaBytes + " bytes: no room for " + raw.length + " more");
            }
            return place(box, folder(box, folder), raw, header, flags, internalDate);
        }
    }

    @Override
    public QuotaUsage usage(String address) throws MailAccessException {
        synchronized (lock) {
            Box box = box(address);
            return new QuotaUsage(box.usedBytes, box.quotaBytes);
        }
    }

    @Override
    public Map<Long, byte[]> prefixes(Collection<Long> blobIds, int maxBytes) {
        if (maxBytes < 1 || maxBytes > MAX_PREFIX) {
            throw new IllegalArgumentException("prefix length out of range: " + maxBytes);
        }
        Map<Long, byte[]> out = new HashMap<>();
        synchronized (lock) {
            for (long id : blobIds) {
                Blob b = blobs.get(id);
                if (b != null) {
                    out.put(id, Arrays.copyOf(b.bytes, Math.min(b.bytes.length, maxBytes)));
                }
            }
        }
        return out;
    }

    /** @throws NoSuchElementException if there is no such blob, as the blob store */
    @Override
    public InputStream open(long blobId) {
        synchronized (lock) {
            Blob b = blobs.get(blobId);
            if (b == null) {
                throw new NoSuchElementException("no message blob " + blobId);
            }
            // never written after it is stored: the stream may read it outside the lock
            return new ByteArrayInputStream(b.bytes);
        }
    }

    /** How many stored messages (and callers) hold a blob; 0 when it is gone. */
    public int referenceCount(long blobId) {
        synchronized (lock) {
            Blob b = blobs.get(blobId);
            return b == null ? 0 : b.references;
        }
    }

    // ---------------------------------------------------------------- the store's rules, under the lock

    private Box box(String address) throws MailAccessException {
        String a = address == null ? "" : address.strip().toLowerCase(Locale.ROOT);
        Box box = mailboxes.get(a);
        if (box == null) {
            throw new MailAccessException(Reason.NONEXISTENT, "no mailbox " + a);
        }
        return box;
    }

    private static Folder folder(Box box, String folder) throws MailAccessException {
        String name = FolderNames.canonical(folder);
        Folder f = box.folders.get(name);
        if (f == null) {
            throw new MailAccessException(Reason.NONEXISTENT, "no folder " + name + " in " + box.address);
        }
        return f;
    }

    private static String checkedName(String folder) throws MailAccessException {
        try {
            return FolderNames.checked(folder);
        } catch (MailboxException e) {
            throw new MailAccessException(Reason.CANNOT, e.getMessage());
        }
    }

    /** The messages of {@code folder} with these UIDs, each once, by ascending UID. */
    private static List<Message> present(Folder folder, Collection<Long> uids) {
        return uids.stream().distinct().sorted().map(folder.messages::get).filter(Objects::nonNull).toList();
    }

    private AppendResult place(Box box, Folder folder, byte[] raw, Header header, Set<String> flags,
            Instant internalDate) {
        Blob blob = retain(raw);
        // the database keeps microseconds
        Instant date = Objects.requireNonNull(internalDate, "internalDate").truncatedTo(ChronoUnit.MICROS);
        Message m = folder.add(blob.id, raw.length, date, header, StoredFlags.of(flags));
        box.usedBytes += raw.length;
        return new AppendResult(folder.uidValidity, m.uid);
    }

    /** One more reference on the blob of this content, stored now if it is new. */
    private Blob retain(byte[] raw) {
        String sha256 = sha256(raw);
        Blob blob = blobsBySha256.get(sha256);
        if (blob == null) {
            blob = new Blob(++lastBlobId, raw.clone(), sha256);
            blobs.put(blob.id, blob);
            blobsBySha256.put(sha256, blob);
        }
        blob.references++;
        return blob;
    }

    /** Takes messages out of a folder: their blob references and bytes go, and the folder's modseq moves once. */
    private void remove(Box box, Folder folder, List<Message> doomed) {
        if (doomed.isEmpty()) {
            return;
        }
        for (Message m : doomed) {
            folder.messages.remove(m.uid);
            folder.countOut(m);
            box.usedBytes -= m.size;
            Blob blob = blobs.get(m.blobId);
            if (--blob.references <= 0) {
                blobs.remove(blob.id);
                blobsBySha256.remove(blob.sha256);
            }
        }
        // the next modseq tells other sessions that something went
        folder.highestModseq++;
    }

    private static String sha256(byte[] raw) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(raw));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from the JDK", e);
        }
    }

    private static String cut(String value, int length) {
        return value == null || value.length() <= length ? value : value.substring(0, length);
    }

    // ---------------------------------------------------------------- the rows

    private static final class Box {
        final String address;
        final TreeMap<String, Folder> folders = new TreeMap<>();
        MailboxStatus status = MailboxStatus.ACTIVE;
        long quotaBytes = Mailbox.DEFAULT_QUOTA_BYTES;
        long usedBytes;
        String passwordHash;

        Box(String address) {
            this.address = address;
        }
    }

    /** A folder with its counters, as the {@code mail_folder} row keeps them. */
    private static final class Folder {
        String name;
        final String specialUse;
        final long uidValidity;
        long uidNext = 1;
        long highestModseq;
        boolean subscribed = true;
        long unseen;
        long bytes;
        final TreeMap<Long, Message> messages = new TreeMap<>();

        Folder(String name, String specialUse, long uidValidity) {
            this.name = name;
            this.specialUse = specialUse;
            this.uidValidity = uidValidity;
        }

        /** A new message with the next UID and modseq. */
        Message add(long blobId, long size, Instant internalDate, Header header, StoredFlags flags) {
            Message m = new Message(uidNext++, blobId, size, internalDate, header, flags, ++highestModseq);
            messages.put(m.uid, m);
            bytes += size;
            if (!flags.seen()) {
                unseen++;
            }
            return m;
        }

        void countOut(Message m) {
            bytes -= m.size;
            if (!m.flags.seen()) {
                unseen--;
            }
        }

        FolderStatus status() {
            return new FolderStatus(name, uidValidity, uidNext, highestModseq, messages.size(), unseen, bytes);
        }
    }

    private static final class Message {
        final long uid;
        final long blobId;
        final long size;
        final Instant internalDate;
        final Header header;
        StoredFlags flags;
        long modseq;

        Message(long uid, long blobId, long size, Instant internalDate, Header header, StoredFlags flags,
                long modseq) {
            this.uid = uid;
            this.blobId = blobId;
            this.size = size;
            this.internalDate = internalDate;
            this.header = header;
            this.flags = flags;
            this.modseq = modseq;
        }

        MessageMeta meta() {
            return new MessageMeta(uid, blobId, size, internalDate, flags.names(), modseq);
        }
    }

    /** The header facts the store keeps next to a message (for the webmail's list), cut to their columns. */
    private record Header(String subject, String messageId, String riferimento, String pecKind, String fromAddress,
            String onBehalfOf) {

        static Header of(byte[] raw) {
            MessageSummary s;
            try {
                s = MessageSummaryReader.read(new ByteArrayInputStream(raw));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return new Header(cut(s.subject(), SUBJECT_LENGTH), cut(s.messageId(), MESSAGE_ID_LENGTH),
                    cut(s.xRiferimentoMessageId(), MESSAGE_ID_LENGTH), s.pecKind(),
                    cut(s.fromAddress(), ADDRESS_LENGTH), cut(s.onBehalfOf(), ADDRESS_LENGTH));
        }
    }

    /**
     * Flags as the {@code stored_message} columns keep them: the five system flags (any case in, IMAP's case out)
     * and the keywords as one space-separated column, cut to its length, read back split on spaces.
     */
    private record StoredFlags(Set<SystemFlag> system, String keywords) {

        static StoredFlags of(Collection<String> flags) {
            Set<SystemFlag> system = EnumSet.noneOf(SystemFlag.class);
            Set<String> words = new LinkedHashSet<>();
            for (String f : flags) {
                if (f != null && !f.isBlank()) {
                    Optional<SystemFlag> flag = SystemFlag.fromImapName(f.strip());
                    if (flag.isPresent()) {
                        system.add(flag.get());
                    } else {
                        words.add(f.strip());
                    }
                }
            }
            String joined = String.join(" ", words);
            return new StoredFlags(system, joined.isEmpty() ? null : cut(joined, KEYWORDS_LENGTH));
        }

        boolean seen() {
            return system.contains(SystemFlag.SEEN);
        }

        boolean has(SystemFlag flag) {
            return system.contains(flag);
        }

        /** System flags in {@link SystemFlag} order, then keywords. */
        Set<String> names() {
            Set<String> out = new LinkedHashSet<>();
            system.forEach(f -> out.add(f.imapName()));
            if (keywords != null) {
                out.addAll(Arrays.asList(keywords.split(" ")));
            }
            return Collections.unmodifiableSet(out);
        }
    }

    private static final class Blob {
        final long id;
        final byte[] bytes;
        final String sha256;
        int references;

        Blob(long id, byte[] bytes, String sha256) {
            this.id = id;
            this.bytes = bytes;
            this.sha256 = sha256;
        }
    }
}
