package it.certmail.pec.transport.core;

import java.time.Instant;
import java.util.List;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

import it.certmail.pec.blob.domain.BlobRef;
import it.certmail.pec.mailbox.domain.MessageSummary;
import it.certmail.pec.receipts.domain.Daticert;
import it.certmail.pec.receipts.domain.PecMessageKind;

/**
 * Port: the one route of every notice this provider issues, and the filing of the ones it receives
 * ({@code NoticeFiling} in the container).
 */
public interface NoticeRoute {

    /** A notice we composed and signed: filed at once for recipients in our domains, relayed for the others. */
    void send(MimeMessage notice, PecMessageKind kind, List<String> recipients, Instant now) throws MessagingException;

    /**
     * A correct receipt or notice for some of our mailboxes: noted against our transmission if it is about one,
     * deposited in each recipient's INBOX that may receive, logged.
     *
     * @param provider the name of the provider that signed it
     */
    void file(List<String> recipients, BlobRef blob, MessageSummary summary, PecMessageKind kind, Daticert d,
            String provider, Instant now) throws MessagingException;

    /** Deposits a message in a mailbox's INBOX if the mailbox exists and may receive; false otherwise. */
    boolean deposit(String rcpt, BlobRef blob, MessageSummary summary, Instant now);
}
