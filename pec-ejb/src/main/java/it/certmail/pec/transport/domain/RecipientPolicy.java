package it.certmail.pec.transport.domain;

import java.net.InetAddress;

/**
 * Politica dei destinatari at the reception point: decides each RCPT TO while the client is still connected, so
 * that unknown local mailboxes and domains this provider does not serve are refused at RCPT time.
 */
@FunctionalInterface
public interface RecipientPolicy {

    /**
     * @param mailFrom  the reverse path, empty for {@code <>}
     * @param recipient the forward path of this RCPT TO
     * @param client    the sending host's address
     * @return a positive reply to accept the recipient; a 4xx or 5xx reply (e.g. {@code 550 5.1.1}) to refuse it
     */
    SmtpReply check(String mailFrom, String recipient, InetAddress client);

    /** Accepts every recipient. */
    static RecipientPolicy acceptAll() {
        return (from, rcpt, client) -> SmtpReply.ok("Ok");
    }
}
