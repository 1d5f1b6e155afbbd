package it.certmail.pec.mailbox.service;

import java.time.Instant;
import java.util.Collection;
import java.util.Optional;

import jakarta.enterprise.event.Event;
import jakarta.persistence.EntityManager;

import it.certmail.pec.blob.domain.BlobRef;
import it.certmail.pec.blob.domain.BlobReference;
import it.certmail.pec.mailbox.domain.DeliveredMessage;
import it.certmail.pec.mailbox.domain.MailboxNotFoundException;
import it.certmail.pec.mailbox.domain.MessageSummary;
import it.certmail.pec.mailbox.infra.InboxSorting;
import it.certmail.pec.mailbox.infra.JpaMessageStore;
import it.certmail.pec.mailbox.model.Mailbox;

/**
 * The punto di consegna's deposit of a stored message in a mailbox that receives, inside the caller's transaction:
 * a plain object over the container's entity manager and events. {@link MessageStoreService} fronts it; the
 * transport's transaction shells take it once from there ({@link MessageStoreService#deposits()}) and call it
 * directly, no EJB call per deposit (three per local message).
 */
public class MailboxDeposits {

    private final EntityManager em;
    private final Event<MailboxChanged> changes;
    private final Event<NoticesQueued> noticesQueued;

    public MailboxDeposits(EntityManager em, Event<MailboxChanged> changes, Event<NoticesQueued> noticesQueued) {
        this.em = em;
        this.changes = changes;
        this.noticesQueued = noticesQueued;
    }

    /**
     * Delivers into the mailbox's folder (its sorting rules applied) if the mailbox exists and may receive; the
     * message holds the blob as {@code reference} says: with {@link BlobReference#CALLERS} the caller's reference
     * goes to the delivered message when it is delivered (present), and the caller must not release it then; when
     * empty, the caller still holds it.
     */
    public Optional<DeliveredMessage> deliverIfReceiving(String mailboxAddress, String folderName, BlobRef blob,
            MessageSummary summary, Collection<String> flags, Instant internalDate, BlobReference reference)
            throws MailboxNotFoundException {
        JpaMessageStore store = new JpaMessageStore(em);
        Optional<Mailbox> mailbox = store.findMailbox(mailboxAddress);
        if (mailbox.isEmpty() || !mailbox.get().getStatus().canReceive()) {
            return Optional.empty();
        }
        InboxSorting sorting = new InboxSorting(em);
        InboxSorting.Placement placement = sorting.place(mailbox, folderName, summary, flags, blob.size(),
                internalDate);
        Optional<DeliveredMessage> delivered = Optional.of(store.deliver(mailbox.get(), placement.folder(), blob,
                summary, placement.flags(), internalDate, reference));
        if (placement.archiveCopy()) {
            store.deliver(mailboxAddress, InboxSorting.ARCHIVE, blob, summary, placement.flags(), internalDate);
        }
        if (sorting.placed(placement, summary, delivered.get().messageId(), blob.id(), internalDate)) {
            noticesQueued.fire(new NoticesQueued(mailboxAddress));
        }
        changes.fire(new MailboxChanged(mailboxAddress));
        return delivered;
    }
}
