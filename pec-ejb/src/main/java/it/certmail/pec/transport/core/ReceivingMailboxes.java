package it.certmail.pec.transport.core;

import java.time.Instant;
import java.util.Optional;

import it.certmail.pec.blob.domain.BlobRef;
import it.certmail.pec.mailbox.domain.MailboxNotFoundException;
import it.certmail.pec.mailbox.domain.MessageSummary;

/** Port: the message store as the delivery point sees it: deposits in a mailbox's INBOX and its standing. */
public interface ReceivingMailboxes {

    /** What the delivery point needs to know of a mailbox. */
    record Standing(boolean receives, boolean acceptsOrdinaryMail) {
    }

    /**
     * Deposits the blob in the mailbox's INBOX if the mailbox exists and may receive.
     *
     * @return false (and nothing deposited) otherwise
     */
    boolean deliverIfReceiving(String mailbox, BlobRef blob, MessageSummary summary, Instant now)
            throws MailboxNotFoundException;

    /**
     * {@link #deliverIfReceiving}, the message taking over the caller's own reference on the blob instead of a new
     * one: when it returns true the caller no longer holds that reference and must not release it; when false the
     * caller still holds it.
     */
    boolean deliverIfReceivingWithCallersReference(String mailbox, BlobRef blob, MessageSummary summary, Instant now)
            throws MailboxNotFoundException;

    /** Deposits the blob in the mailbox's INBOX (its standing checked by the caller). */
    void deliver(String mailbox, BlobRef blob, MessageSummary summary, Instant now) throws MailboxNotFoundException;

    /** Empty when there is no such mailbox. */
    Optional<Standing> standing(String mailbox);
}
