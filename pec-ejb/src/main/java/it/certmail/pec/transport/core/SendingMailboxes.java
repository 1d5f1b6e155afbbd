package it.certmail.pec.transport.core;

import java.util.Optional;

import it.certmail.pec.mailbox.model.MailboxStatus;

/** Port: the message store as the access point sees it: the standing of the mailbox a message is sent from. */
@FunctionalInterface
public interface SendingMailboxes {

    /** What the access point's checks need to know of the sender's mailbox. */
    record Sender(MailboxStatus status, long usedBytes, long quotaBytes, boolean blockNonPecRecipients) {
    }

    /** Empty when there is no such mailbox. */
    Optional<Sender> sender(String address);
}
