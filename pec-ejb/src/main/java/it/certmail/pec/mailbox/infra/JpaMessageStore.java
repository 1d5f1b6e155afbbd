package it.certmail.pec.mailbox.infra;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;

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

    private DeliveredMessage place(Mailbox mailbox, String folderName, BlobRef blob, MessageSummary summary,
            Collection<String> flags, Instant internalDate) throws MailboxNotFoundException {
        MailFolder unlocked = folder(mailbox, folderName);
        // re-read under FOR UPDATE: the UID counter must not be handed out twice
        MailFolder folder = em.find(MailFolder.class, unlocked.getId(), LockModeType.PESSIMISTIC_WRITE);
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
