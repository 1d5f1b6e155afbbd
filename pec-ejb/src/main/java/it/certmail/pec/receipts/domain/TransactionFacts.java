package it.certmail.pec.receipts.domain;

import java.util.List;
import java.util.Objects;

/**
 * Dati della trasmissione: what every notification about one PEC transaction repeats (daticert
 * {@code intestazione}, {@code identificativo}, {@code msgid}), taken from the original at the access point or
 * from the busta di trasporto's daticert at the receiving side.
 *
 * @param sender      the original sender (SMTP reverse path = From), bare address
 * @param recipients  all To and Cc recipients with their type
 * @param replyTo     the original Reply-To, or the sender when it had none
 * @param subject     the original subject, nullable
 * @param identifier  the PEC msgid of the busta di trasporto, without angle brackets
 * @param msgid       the client's Message-ID with angle brackets, nullable
 * @param receiptForm the delivery receipt form requested (X-TipoRicevuta), never null (default completa)
 */
public record TransactionFacts(String sender, List<Recipient> recipients, String replyTo, String subject,
        String identifier, String msgid, ReceiptForm receiptForm) {

    public TransactionFacts {
        Objects.requireNonNull(sender, "sender");
        Objects.requireNonNull(identifier, "identifier");
        recipients = List.copyOf(recipients);
        if (recipients.isEmpty()) {
            throw new IllegalArgumentException("at least one recipient");
        }
        replyTo = replyTo == null ? sender : replyTo;
        receiptForm = receiptForm == null ? ReceiptForm.COMPLETE : receiptForm;
    }

    /** The facts a busta di trasporto certified (its daticert), as the receiving provider sees them. */
    public static TransactionFacts of(Daticert envelope) {
        return new TransactionFacts(envelope.sender(), envelope.recipients(), envelope.replyTo(), envelope.subject(),
                envelope.identifier(), envelope.msgid(), envelope.receiptForm());
    }
}
