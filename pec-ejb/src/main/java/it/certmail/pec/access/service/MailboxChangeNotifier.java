package it.certmail.pec.access.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;

import it.certmail.pec.access.domain.MailboxChangeHub;
import it.certmail.pec.mailbox.service.MailboxChanged;

/**
 * Avvisi di nuova posta: passes committed mailbox changes to the IMAP sessions of this node. Other nodes learn
 * of them by their IDLE poll ({@code pec.imap.idle.poll.seconds}); a Hazelcast topic could carry them sooner.
 */
@ApplicationScoped
public class MailboxChangeNotifier {

    private final MailboxChangeHub hub = new MailboxChangeHub();

    public MailboxChangeHub hub() {
        return hub;
    }

    /** After the commit only: a session woken before it would not see the change. */
    void changed(@Observes(during = TransactionPhase.AFTER_SUCCESS) MailboxChanged event) {
        hub.publish(event.address());
    }
}
