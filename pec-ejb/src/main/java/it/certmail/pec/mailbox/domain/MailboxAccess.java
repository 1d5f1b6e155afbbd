package it.certmail.pec.mailbox.domain;

import java.util.Optional;

import it.certmail.pec.mailbox.model.MailboxStatus;

/**
 * Abilitazioni della casella: what the transport lets a mailbox do, from its status and its space, with the
 * reason in Italian (it goes into the avviso di non accettazione).
 */
public final class MailboxAccess {

    private MailboxAccess() {
    }

    /**
     * Why the mailbox may not send now; empty when it may. A full mailbox still receives (super reception) but
     * cannot send until space is freed or bought.
     */
    public static Optional<String> sendRefusal(MailboxStatus status, long usedBytes, long quotaBytes) {
        return switch (status) {
            case ACTIVE -> usedBytes >= quotaBytes
                    ? Optional.of("la casella del mittente è piena (" + usedBytes + " di " + quotaBytes
                            + " byte): liberare spazio o acquistare spazio aggiuntivo per spedire")
                    : Optional.empty();
            case RECEIVE_ONLY -> Optional.of("la casella del mittente è scaduta o sospesa ed è abilitata alla sola"
                    + " ricezione: rinnovarla o acquistare un piano per spedire");
            case DISABLED -> Optional.of("la casella del mittente è disabilitata");
            case CLOSED -> Optional.of("la casella del mittente è cessata");
        };
    }

    /** Why mail to the mailbox is not delivered; empty when it is (also when full). */
    public static Optional<String> receiveRefusal(MailboxStatus status) {
        return status.canReceive() ? Optional.empty()
                : Optional.of(status == MailboxStatus.CLOSED ? "casella del destinatario cessata"
                        : "casella del destinatario disabilitata");
    }
}
