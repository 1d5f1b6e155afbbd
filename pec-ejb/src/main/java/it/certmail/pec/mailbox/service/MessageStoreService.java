package it.certmail.pec.mailbox.service;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

import jakarta.annotation.Resource;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import it.certmail.pec.blob.domain.BlobRef;
import it.certmail.pec.blob.domain.BlobReference;
import it.certmail.pec.blob.infra.BlobStore;
import it.certmail.pec.mailbox.domain.DeliveredMessage;
import it.certmail.pec.mailbox.domain.MailboxNotFoundException;
import it.certmail.pec.mailbox.domain.MessageSummary;
import it.certmail.pec.mailbox.domain.MessageSummaryReader;
import it.certmail.pec.mailbox.domain.QuotaExceededException;
import it.certmail.pec.mailbox.infra.InboxSorting;
import it.certmail.pec.mailbox.infra.JpaMessageStore;
import it.certmail.pec.mailbox.infra.MailboxUsage;
import it.certmail.pec.mailbox.model.Mailbox;

/**
 * Archivio messaggi (punto di consegna e accesso dei client): stores message bytes once, places them in folders
 * and serves them back. Each method is one transaction; the blob store works on {@code jdbc/pec}, which enlists in
 * it, so the bytes, the stored message and whatever else the caller writes commit together.
 */
@Stateless
public class MessageStoreService {

    @PersistenceContext(unitName = "pec")
    EntityManager em;

    @Resource(lookup = "jdbc/pec")
    DataSource dataSource;

    @Inject
    Clock clock;

    @Inject
    Event<MailboxChanged> changes;

    @Inject
    Event<NoticesQueued> noticesQueued;

    private BlobStore blobs() {
        return new BlobStore(dataSource, clock);
    }

    private JpaMessageStore store() {
        return new JpaMessageStore(em);
    }

    /** Streams a message into the blob store; the caller holds one reference, dropped with {@link #releaseBlob}. */
    public BlobRef storeBlob(InputStream raw) throws IOException {
        return blobs().store(raw);
    }

    /** The bytes of a stored blob, streamed; the caller closes the stream. */
    public InputStream openBlob(long blobId) {
        return blobs().open(blobId);
    }

    public void releaseBlob(long blobId) {
        blobs().release(blobId);
    }

    /** The summary of a stored blob, read from its header block only. */
    public MessageSummary readSummary(long blobId) throws IOException {
        try (InputStream in = blobs().open(blobId)) {
            return MessageSummaryReader.read(in);
        }
    }

    /**
     * Delivers a stored blob into a mailbox folder (no quota check: a full mailbox still receives). Into INBOX, the
     * holder's rules choose the folder and flags and may queue forwards and new-PEC alerts ({@link InboxSorting}),
     * in this same transaction and without moving the moment of the delivery; chosen kinds also get a copy in
     * Archive while its own quota has room. The message
     * takes its own reference on the blob; the caller keeps (and later releases) its own.
     */
    public DeliveredMessage deliver(String mailboxAddress, String folderName, BlobRef blob, MessageSummary summary,
            Collection<String> flags, Instant internalDate) throws MailboxNotFoundException {
        JpaMessageStore store = store();
        // the mailbox row is read once, for the sorting and the deposit alike
        Optional<Mailbox> mailbox = store.findMailbox(mailboxAddress);
        InboxSorting sorting = new InboxSorting(em);
        InboxSorting.Placement placement = sorting.place(mailbox, folderName, summary, flags, blob.size(),
                internalDate);
        DeliveredMessage delivered = store.deliver(mailbox.orElseThrow(
                        () -> new MailboxNotFoundException("no mailbox " + mailboxAddress)), placement.folder(), blob,
                summary, placement.flags(), internalDate);
        if (placement.archiveCopy()) {
            store.deliver(mailboxAddress, InboxSorting.ARCHIVE, blob, summary, placement.flags(), internalDate);
        }
        if (sorting.placed(placement, summary, delivered.messageId(), blob.id(), internalDate)) {
            noticesQueued.fire(new NoticesQueued(mailboxAddress));
        }
        // observed after the commit: IMAP IDLE sessions of this mailbox look again
        changes.fire(new MailboxChanged(mailboxAddress));
        return delivered;
    }

    /** {@link #deliver} if the mailbox exists and may receive; empty otherwise (one lookup of the mailbox). */
    public Optional<DeliveredMessage> deliverIfReceiving(String mailboxAddress, String folderName, BlobRef blob,
            MessageSummary summary, Collection<String> flags, Instant internalDate) throws MailboxNotFoundException {
        return deliverIfReceiving(mailboxAddress, folderName, blob, summary, flags, internalDate, BlobReference.NEW);
    }

    /**
     * {@link #deliverIfReceiving}, the message holding the blob as {@code reference} says: with
     * {@link BlobReference#CALLERS} the caller's reference goes to the delivered message when it is delivered
     * (present), and the caller must not release it then; when empty, the caller still holds it.
     */
    public Optional<DeliveredMessage> deliverIfReceiving(String mailboxAddress, String folderName, BlobRef blob,
            MessageSummary summary, Collection<String> flags, Instant internalDate, BlobReference reference)
            throws MailboxNotFoundException {
        return deposits().deliverIfReceiving(mailboxAddress, folderName, blob, summary, flags, internalDate,
                reference);
    }

    private MailboxDeposits deposits;

    /**
     * The deposit as a plain object over this bean's entity manager and events, for the transport's transaction
     * shells to call directly inside their transaction ({@link MailboxDeposits}).
     */
    @TransactionAttribute(TransactionAttributeType.SUPPORTS)
    public MailboxDeposits deposits() {
        if (deposits == null) {
            deposits = new MailboxDeposits(em, changes, noticesQueued);
        }
        return deposits;
    }

    /**
     * Stores {@code raw} and appends it to a folder for its owner (IMAP APPEND), within the quota.
     *
     * @throws QuotaExceededException if the mailbox has no room; the bytes are not kept
     */
    public DeliveredMessage appendToFolder(String mailboxAddress, String folderName, InputStream raw,
            Collection<String> flags, Instant internalDate)
            throws MailboxNotFoundException, QuotaExceededException, IOException {
        BlobStore blobs = blobs();
        BlobRef blob = blobs.store(raw);
        try {
            MessageSummary summary;
            try (InputStream in = blobs.open(blob.id())) {
                summary = MessageSummaryReader.read(in);
            }
            DeliveredMessage appended = store().append(mailboxAddress, folderName, blob, summary, flags, internalDate);
            changes.fire(new MailboxChanged(mailboxAddress));
            return appended;
        } finally {
            // the stored message holds its own reference; ours was only for the way in
            blobs.release(blob.id());
        }
    }

    public List<MessageEntry> list(String mailboxAddress, String folderName) throws MailboxNotFoundException {
        return store().list(mailboxAddress, folderName).stream().map(MessageEntry::of).toList();
    }

    /** One message of this mailbox; empty when absent or in another mailbox. */
    public Optional<MessageEntry> find(String mailboxAddress, long messageId) {
        return store().find(mailboxAddress, messageId).map(MessageEntry::of);
    }

    /** The exact stored bytes of a message of this mailbox; empty when absent or in another mailbox. */
    public Optional<RawMessage> openRaw(String mailboxAddress, long messageId) {
        BlobStore blobs = blobs();
        return store().find(mailboxAddress, messageId)
                .map(m -> new RawMessage(m.getId(), m.getSizeBytes(), blobs.open(m.getBlobId())));
    }

    public MailboxUsage usage(String mailboxAddress) throws MailboxNotFoundException {
        return store().usage(mailboxAddress);
    }
}
