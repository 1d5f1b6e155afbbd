package it.certmail.pec.mailbox.service;

import java.time.Instant;

import it.certmail.pec.mailbox.model.MailboxStatus;

/** Una riga dell'elenco caselle: what a list of mailboxes shows, without the usage figure (that costs a query each). */
public record MailboxListing(String address, String holderName, MailboxStatus status, String plan, Instant createdAt,
        Instant expiresAt) {
}
