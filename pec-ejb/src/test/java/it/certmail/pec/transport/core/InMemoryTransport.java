package it.certmail.pec.transport.core;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

import it.certmail.pec.blob.domain.BlobRef;
import it.certmail.pec.log.domain.LogEvent;
import it.certmail.pec.log.model.LogEventType;
import it.certmail.pec.mailbox.model.MailboxStatus;
import it.certmail.pec.mailbox.domain.MailboxNotFoundException;
import it.certmail.pec.mailbox.domain.MessageSummary;
import it.certmail.pec.mime.Spool;
import it.certmail.pec.mime.SpooledMimeMessage;
import it.certmail.pec.receipts.domain.Daticert;
import it.certmail.pec.receipts.domain.DaticertReader;
import it.certmail.pec.receipts.domain.DaticertReading;
import it.certmail.pec.receipts.domain.PecMessageKind;
import it.certmail.pec.receipts.domain.Recipient;
import it.certmail.pec.receipts.domain.TransactionFacts;
import it.certmail.pec.receipts.infra.ComposedMessage;
import it.certmail.pec.receipts.infra.PecParts;
import it.certmail.pec.transport.model.WorkQueue;
import it.certmail.pec.transport.queue.InMemoryWorkQueue;

/**
 * The transport's stores in memory, behind the access and reception points' ports: blobs with reference counts,
 * mailboxes with their INBOX and standing (as receivers and as senders), the registro, the quarantine, the
 * transmissions tracked, the locks taken, the work queued for our reception point and the delivery rows queued
 * for the relay ({@link InMemoryDeliveries}, ADR 0003). All of it is transactional like the step's one database
 * transaction: {@link #begin} opens a working copy every port writes to (the delivery rows' too), {@link #commit}
 * makes it the state (and puts the reception work it queued on the {@link InMemoryWorkQueue}), {@link #rollback}
 * drops it. A {@link #journal} of effects in order (not transactional: what happened, also in
 * attempts that rolled back) lets a test check the order of locks, signatures, deposits and dispatches.
 *
 * <p>One transaction at a time: a thread that begins one while another thread's is open waits for it to end, so
 * every lock a step takes ({@link #tracking}) holds until the step ends, as the database's row locks do. The ports
 * are held to the same contracts as the JPA/JDBC adapters ({@code InMemoryPortsTest}).
 */
final class InMemoryTransport {

    /** A stored blob and its references. */
    record Blob(byte[] bytes, int references) {
    }

    /** One message in an INBOX, with the size it takes there. */
    record Deposit(long blobId, MessageSummary summary, Instant at, long size) {
    }

    /** A mailbox of ours. */
    record Mailbox(boolean receives, boolean acceptsOrdinaryMail, List<Deposit> inbox) {
        Mailbox with(Deposit d) {
            List<Deposit> more = new ArrayList<>(inbox);
            more.add(d);
            return new Mailbox(receives, acceptsOrdinaryMail, List.copyOf(more));
        }
    }

    /** A message kept apart. */
    record Quarantined(long blobId, String virus, VirusCheck.Origin origin, String msgid, String sender) {
    }

    /** Everything a step's transaction changes. */
    static final class State {
        final Map<Long, Blob> blobs = new LinkedHashMap<>();
        final Map<String, Mailbox> mailboxes = new LinkedHashMap<>();
        final List<LogEvent> log = new ArrayList<>();
        final List<Quarantined> quarantine = new ArrayList<>();
        final List<String> locked = new ArrayList<>();
        /** the reception work the steps queued, put on the work queue when they commit */
        final List<it.certmail.pec.transport.queue.WorkQueue.NewWork> queued = new ArrayList<>();
        final List<TransmissionRecords.NewTransmission> transmissions = new ArrayList<>();
        /** our presa in carico of our own transmissions, kept with their delivery state: "msgid recipient" to blob */
        final Map<String, Long> takeChargesKept = new LinkedHashMap<>();
        long nextBlobId = 1;

        State copy() {
            State c = new State();
            c.blobs.putAll(blobs);
            c.mailboxes.putAll(mailboxes);
            c.log.addAll(log);
            c.quarantine.addAll(quarantine);
            c.locked.addAll(locked);
            c.queued.addAll(queued);
            c.transmissions.addAll(transmissions);
            c.takeChargesKept.putAll(takeChargesKept);
            c.nextBlobId = nextBlobId;
            return c;
        }
    }

    /** RFC 6109 §2.2.2: no message waits in a queue longer than 24 hours. */
    private static final Duration MAX_QUEUE_TIME = Duration.ofHours(24);

    private final String providerName;
    private final String serviceAddress;
    private final Set<String> localDomains;
    private final InMemoryWorkQueue queue;
    /** The delivery rows, in this transport's transactions (one database in the container). */
    private final InMemoryDeliveries deliveries = new InMemoryDeliveries();
    /** Held by the thread whose transaction is open. */
    private final java.util.concurrent.locks.ReentrantLock transaction = new java.util.concurrent.locks.ReentrantLock();
    private volatile State committed = new State();
    private volatile State working;
    /** Set-up, not changed by a step: the senders' standing and the domains of the providers' index. */
    private final Map<String, SendingMailboxes.Sender> senders = new LinkedHashMap<>();
    private final Set<String> indexDomains = new java.util.HashSet<>();
    private int depositsBeforeFailure;
    private boolean failurePending;
    final List<String> journal = new ArrayList<>();

    InMemoryTransport(String providerName, String serviceAddress, Set<String> localDomains, InMemoryWorkQueue queue) {
        this.providerName = providerName;
        this.serviceAddress = serviceAddress;
        this.localDomains = java.util.concurrent.ConcurrentHashMap.newKeySet();
        localDomains.forEach(d -> this.localDomains.add(d.toLowerCase(Locale.ROOT)));
        this.queue = queue;
    }

    // ---- transactions

    void begin() {
        if (transaction.isHeldByCurrentThread()) {
            throw new IllegalStateException("a transaction is open already");
        }
        transaction.lock();
        working = committed.copy();
        deliveries.begin();
    }

    void commit(Instant now) {
        State done = working();
        List<it.certmail.pec.transport.queue.WorkQueue.NewWork> newWork =
                done.queued.subList(committed.queued.size(), done.queued.size());
        newWork.forEach(w -> queue.enqueue(w, now));
        committed = done;
        deliveries.commit();
        end();
    }

    void rollback() {
        if (working != null && transaction.isHeldByCurrentThread()) {
            deliveries.rollback();
        }
        end();
    }

    private void end() {
        working = null;
        if (transaction.isHeldByCurrentThread()) {
            transaction.unlock();
        }
    }

    /** The committed state, for the test to look at. */
    State state() {
        return committed;
    }

    private State working() {
        if (working == null || !transaction.isHeldByCurrentThread()) {
            throw new IllegalStateException("no transaction");
        }
        return working;
    }

    /** Runs {@code change} in a transaction of its own (what the test sets up, what the access point queued). */
    <T> T inTransaction(Instant now, Function<State, T> change) {
        begin();
        try {
            T result = change.apply(working);
            commit(now);
            return result;
        } catch (RuntimeException e) {
            rollback();
            throw e;
        }
    }

    // ---- set-up

    /** A mailbox of ours; it may send when it receives (active, 1 GB, nothing used), else it is disabled. */
    void addMailbox(String address, boolean receives, boolean acceptsOrdinaryMail) {
        inTransaction(Instant.EPOCH, s -> s.mailboxes.put(key(address),
                new Mailbox(receives, acceptsOrdinaryMail, List.of())));
        senders.put(key(address), new SendingMailboxes.Sender(
                receives ? MailboxStatus.ACTIVE : MailboxStatus.DISABLED, 0, 1L << 30, false));
    }

    /** A mailbox of ours in that standing (as a receiver and as a sender: active, 1 GB, nothing used). */
    void addMailbox(String address, MailboxStatus status, boolean acceptsOrdinaryMail) {
        inTransaction(Instant.EPOCH, s -> s.mailboxes.put(key(address),
                new Mailbox(status.canReceive(), acceptsOrdinaryMail, List.of())));
        senders.put(key(address), new SendingMailboxes.Sender(status, 0, 1L << 30, false));
    }

    /** One more domain of ours, created while the transport runs. */
    void addLocalDomain(String domain) {
        localDomains.add(domain.toLowerCase(Locale.ROOT));
    }

    /** The standing of a mailbox as a sender, as the lifecycle left it (what it receives afterwards adds up). */
    void setSender(String address, SendingMailboxes.Sender standing) {
        senders.put(key(address), standing);
    }

    /** Lists a domain in the providers' index: its addresses are certified. */
    void listInIndex(String domain) {
        indexDomains.add(domain.toLowerCase(Locale.ROOT));
    }

    /** The {@code n}-th deposit from now on throws (once), as a database that fails in the middle of a step. */
    void failDepositNumber(int n) {
        depositsBeforeFailure = n - 1;
        failurePending = true;
    }

    /** Stores a message as the access point or the SMTP reception does before queuing it (one reference). */
    long storeCommitted(byte[] bytes) {
        return inTransaction(Instant.EPOCH, s -> storeIn(s, bytes).id());
    }

    // ---- reading the committed state

    List<Deposit> inbox(String address) {
        Mailbox m = committed.mailboxes.get(key(address));
        return m == null ? List.of() : m.inbox();
    }

    byte[] bytes(long blobId) {
        return committed.blobs.get(blobId).bytes();
    }

    int references(long blobId) {
        Blob b = committed.blobs.get(blobId);
        return b == null ? 0 : b.references();
    }

    List<LogEventType> logged() {
        return committed.log.stream().map(LogEvent::type).toList();
    }

    /** The committed registro entries of one type, in order. */
    List<LogEvent> logged(LogEventType type) {
        return committed.log.stream().filter(e -> e.type() == type).toList();
    }

    /** The PEC kinds in a mailbox's INBOX, in order. */
    List<String> kinds(String address) {
        return inbox(address).stream().map(d -> d.summary().pecKind()).toList();
    }

    // ---- the ports

    /** The delivery rows, the relay's port over them; what a port writes goes with this transport's transaction. */
    InMemoryDeliveries deliveries() {
        return deliveries;
    }

    BlobAccess blobs() {
        return new BlobAccess() {
            @Override
            public Optional<BlobRef> find(long blobId) {
                return Optional.ofNullable(working().blobs.get(blobId)).map(b -> ref(blobId, b.bytes()));
            }

            @Override
            public InputStream open(long blobId) {
                Blob b = working().blobs.get(blobId);
                if (b == null) {
                    // as the blob store says it
                    throw new java.util.NoSuchElementException("no message blob " + blobId);
                }
                return new ByteArrayInputStream(b.bytes());
            }

            @Override
            public BlobRef store(Spool bytes) {
                try (InputStream in = bytes.open()) {
                    return storeIn(working(), in.readAllBytes());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }

            @Override
            public void release(long blobId) {
                InMemoryTransport.this.release(blobId);
            }
        };
    }

    ReceivingMailboxes mailboxes() {
        return new ReceivingMailboxes() {
            @Override
            public boolean deliverIfReceiving(String mailbox, BlobRef blob, MessageSummary summary, Instant now) {
                return depositIfReceiving(mailbox, blob, summary, now);
            }

            @Override
            public boolean deliverIfReceivingWithCallersReference(String mailbox, BlobRef blob,
                    MessageSummary summary, Instant now) {
                Mailbox m = working().mailboxes.get(key(mailbox));
                if (m == null || !m.receives()) {
                    return false;
                }
                deposit(mailbox, blob, summary, now, false);
                return true;
            }

            @Override
            public void deliver(String mailbox, BlobRef blob, MessageSummary summary, Instant now)
                    throws MailboxNotFoundException {
                if (!working().mailboxes.containsKey(key(mailbox))) {
                    throw new MailboxNotFoundException(mailbox);
                }
                deposit(mailbox, blob, summary, now);
            }

            @Override
            public Optional<Standing> standing(String mailbox) {
                return Optional.ofNullable(working().mailboxes.get(key(mailbox)))
                        .map(m -> new Standing(m.receives(), m.acceptsOrdinaryMail()));
            }
        };
    }

    /** The notice route as {@code NoticeFiling} takes it: filed here for our domains, relayed for the others. */
    NoticeRoute notices() {
        return new NoticeRoute() {
            @Override
            public void send(MimeMessage notice, PecMessageKind kind, List<String> recipients, Instant now)
                    throws MessagingException {
                journal.add("send " + kind + " " + recipients);
                State s = working();
                BlobRef blob = storeIn(s, serialised(notice));
                try {
                    List<String> local = recipients.stream().filter(r -> localDomains.contains(domainOf(r))).toList();
                    List<String> remote = recipients.stream().filter(r -> !local.contains(r)).toList();
                    if (!local.isEmpty()) {
                        Optional<Daticert> composed = notice instanceof ComposedMessage c ? c.daticert()
                                : Optional.empty();
                        Daticert d = composed.or(() -> PecParts.daticert(notice).map(DaticertReader::read)
                                .flatMap(DaticertReading::daticert)).orElseThrow();
                        if (!(kind == PecMessageKind.TAKE_CHARGE && keptWithTracking(local, blob, d, now))) {
                            file(local, blob, ReceptionPoint.summary(Spool.of(s.blobs.get(blob.id()).bytes()))
                                    .withPecKind(kind.name()), kind, d, providerName, now);
                        }
                    }
                    // one delivery row per recipient, each with a reference of its own (as Dispatcher.queue)
                    remote.forEach(r -> {
                        retain(blob.id());
                        deliveries.queue(r, domainOf(r), blob.id(), serviceAddress, now, now.plus(MAX_QUEUE_TIME));
                    });
                } finally {
                    release(blob.id());
                }
            }

            @Override
            public void file(List<String> recipients, BlobRef blob, MessageSummary summary, PecMessageKind kind,
                    Daticert d, String provider, Instant now) {
                List<String> filed = new ArrayList<>();
                for (String rcpt : recipients) {
                    if (deposit(rcpt, blob, summary, now)) {
                        filed.add(rcpt);
                    }
                }
                TransactionFacts tx = TransactionFacts.of(d);
                record(new LogEvent(LogEventType.RICEZIONE_RICEVUTA, now, tx.identifier(), tx.msgid(), tx.sender(),
                        filed.isEmpty() ? tx.recipients().stream().map(Recipient::address).toList() : filed,
                        tx.subject(), List.of(), provider,
                        kind.name() + (filed.size() < recipients.size() ? "; not filed for unknown recipients" : "")));
            }

            @Override
            public boolean deposit(String rcpt, BlobRef blob, MessageSummary summary, Instant now) {
                return depositIfReceiving(rcpt, blob, summary, now);
            }
        };
    }

    /**
     * As {@code NoticeFiling} does: our presa in carico of a transmission of ours, sent to our own service mailbox, is
     * kept with the delivery state of the recipients it covers (a reference for each not kept yet) and logged as
     * received, not filed in the service mailbox's INBOX.
     *
     * @return false when it is not ours to keep (the caller files it)
     */
    private boolean keptWithTracking(List<String> local, BlobRef blob, Daticert d, Instant now) {
        State s = working();
        if (local.size() != 1 || !local.get(0).equalsIgnoreCase(serviceAddress)) {
            return false;
        }
        Optional<TransmissionRecords.NewTransmission> ours = s.transmissions.stream()
                .filter(t -> t.pecMsgid().equals(d.identifier())).findFirst();
        if (ours.isEmpty()) {
            return false;
        }
        int holders = 0;
        for (TransmissionRecords.TrackedRecipient r : ours.get().recipients()) {
            String key = d.identifier() + " " + key(r.address());
            if (d.reception().stream().anyMatch(r.address()::equalsIgnoreCase) && !s.takeChargesKept.containsKey(key)) {
                retain(blob.id());
                s.takeChargesKept.put(key, blob.id());
                holders++;
            }
        }
        TransactionFacts tx = TransactionFacts.of(d);
        record(new LogEvent(LogEventType.RICEZIONE_RICEVUTA, now, tx.identifier(), tx.msgid(), tx.sender(),
                d.reception().isEmpty() ? tx.recipients().stream().map(Recipient::address).toList() : d.reception(),
                tx.subject(), List.of(), providerName, PecMessageKind.TAKE_CHARGE.name()
                        + "; kept with the delivery state" + (holders == 0 ? " (already held)" : "")));
        return true;
    }

    TransmissionLocks tracking() {
        return pecMsgid -> {
            journal.add("lock " + pecMsgid);
            working().locked.add(pecMsgid);
        };
    }

    OfficialLog log() {
        return this::record;
    }

    /** Finds the EICAR test signature, as clamd does; quarantines with a reference of its own. */
    VirusCheck antivirus() {
        return new VirusCheck() {
            @Override
            public Optional<String> virusIn(Spool message, Function<String, LogEvent> unscannedEntry)
                    throws IOException {
                try (InputStream in = message.open()) {
                    String text = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
                    return text.contains("EICAR-STANDARD-ANTIVIRUS-TEST-FILE") ? Optional.of("Eicar-Test-Signature")
                            : Optional.empty();
                }
            }

            @Override
            public void quarantine(BlobRef blob, String virus, Origin origin, String msgid, String sender,
                    Instant now) {
                retain(blob.id());
                working().quarantine.add(new Quarantined(blob.id(), virus, origin, msgid, sender));
            }
        };
    }

    ProviderIdentity identity() {
        return new ProviderIdentity() {
            @Override
            public String providerName() {
                return providerName;
            }

            @Override
            public String serviceAddress() {
                return serviceAddress;
            }
        };
    }

    /** The sender's standing as set up, and the space taken by what it received since (as the store counts it). */
    SendingMailboxes senders() {
        return address -> Optional.ofNullable(senders.get(key(address))).map(s -> {
            Mailbox m = working().mailboxes.get(key(address));
            long received = m == null ? 0 : m.inbox().stream().mapToLong(Deposit::size).sum();
            return new SendingMailboxes.Sender(s.status(), s.usedBytes() + received, s.quotaBytes(),
                    s.blockNonPecRecipients());
        });
    }

    RecipientDomains domains() {
        return new RecipientDomains() {
            @Override
            public boolean isLocalDomain(String domain) {
                return localDomains.contains(domain.toLowerCase(Locale.ROOT));
            }

            @Override
            public boolean isCertifiedDomain(String domain) {
                return indexDomains.contains(domain.toLowerCase(Locale.ROOT));
            }
        };
    }

    /**
     * As {@code Dispatcher} does: stored once, one piece of work for our reception point (marked as our access
     * point's) and one delivery row per recipient in another domain for the relay, each holding a reference (the
     * first one the stored blob's own); the work queued and the rows kept when the step commits.
     */
    Dispatch dispatch() {
        return (message, mailFrom, recipients, now) -> {
            journal.add("dispatch " + recipients);
            State s = working();
            BlobRef blob;
            try {
                blob = storeIn(s, serialised(message));
            } catch (MessagingException e) {
                throw new IllegalStateException("cannot serialise a composed message", e);
            }
            List<String> local = recipients.stream().filter(r -> localDomains.contains(domainOf(r))).toList();
            List<String> remote = recipients.stream().filter(r -> !local.contains(r)).toList();
            // the first piece of work or row takes over the stored reference, each further one takes its own
            boolean[] handedOver = {false};
            if (!local.isEmpty()) {
                s.queued.add(new it.certmail.pec.transport.queue.WorkQueue.NewWork(WorkQueue.RECEPTION, blob.id(),
                        mailFrom, local, ReceptionWork.OWN_ACCESS_POINT, true, now.plus(MAX_QUEUE_TIME)));
                handedOver[0] = true;
            }
            for (String rcpt : remote) {
                if (handedOver[0]) {
                    retain(blob.id());
                }
                deliveries.queue(rcpt, domainOf(rcpt), blob.id(), mailFrom, now, now.plus(MAX_QUEUE_TIME));
                handedOver[0] = true;
            }
            if (!handedOver[0]) {
                release(blob.id());
            }
            return blob;
        };
    }

    TransmissionRecords transmissions() {
        return t -> {
            journal.add("track " + t.pecMsgid());
            working().transmissions.add(t);
            deliveries.open(t, domain -> localDomains.contains(domain.toLowerCase(Locale.ROOT)));
        };
    }

    // ---- internals

    private void record(LogEvent e) {
        journal.add("log " + e.type());
        working().log.add(e);
    }

    private boolean depositIfReceiving(String mailbox, BlobRef blob, MessageSummary summary, Instant now) {
        Mailbox m = working().mailboxes.get(key(mailbox));
        if (m == null || !m.receives()) {
            return false;
        }
        deposit(mailbox, blob, summary, now);
        return true;
    }

    private void deposit(String mailbox, BlobRef blob, MessageSummary summary, Instant now) {
        deposit(mailbox, blob, summary, now, true);
    }

    /** {@code newReference} false: the message takes over the caller's reference (none taken for it). */
    private void deposit(String mailbox, BlobRef blob, MessageSummary summary, Instant now, boolean newReference) {
        if (failurePending && depositsBeforeFailure-- == 0) {
            failurePending = false;
            throw new IllegalStateException("the database went away while depositing in " + mailbox);
        }
        journal.add("deposit " + key(mailbox) + " " + summary.pecKind());
        State s = working();
        if (newReference) {
            retain(blob.id());
        } else if (!s.blobs.containsKey(blob.id())) {
            throw new java.util.NoSuchElementException("no message blob " + blob.id());
        }
        s.mailboxes.put(key(mailbox), s.mailboxes.get(key(mailbox)).with(
                new Deposit(blob.id(), summary, now, s.blobs.get(blob.id()).bytes().length)));
    }

    private void retain(long blobId) {
        State s = working();
        Blob b = s.blobs.get(blobId);
        if (b == null) {
            throw new java.util.NoSuchElementException("no message blob " + blobId);
        }
        s.blobs.put(blobId, new Blob(b.bytes(), b.references() + 1));
    }

    /** Drops a holder; the last one removes the blob; a blob that is gone stays gone (as the blob store does). */
    private void release(long blobId) {
        State s = working();
        Blob b = s.blobs.get(blobId);
        if (b == null) {
            return;
        }
        if (b.references() <= 1) {
            s.blobs.remove(blobId);
        } else {
            s.blobs.put(blobId, new Blob(b.bytes(), b.references() - 1));
        }
    }

    private static BlobRef storeIn(State s, byte[] bytes) {
        long id = s.nextBlobId++;
        s.blobs.put(id, new Blob(bytes, 1));
        return ref(id, bytes);
    }

    private static BlobRef ref(long id, byte[] bytes) {
        try {
            return new BlobRef(id, HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)),
                    bytes.length);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] serialised(MimeMessage message) throws MessagingException {
        try {
            if (message instanceof SpooledMimeMessage spooled) {
                try (InputStream in = spooled.bytes().open()) {
                    return in.readAllBytes();
                }
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            message.writeTo(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String key(String address) {
        return address.toLowerCase(Locale.ROOT);
    }

    private static String domainOf(String address) {
        return address.substring(address.lastIndexOf('@') + 1).toLowerCase(Locale.ROOT);
    }
}
