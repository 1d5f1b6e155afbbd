package it.certmail.pec.mailbox.service;

/**
 * Casella modificata: a CDI event fired inside the transaction that delivered, moved, flagged or expunged
 * messages of {@code address}; observers that run after the commit wake IMAP IDLE sessions.
 */
public record MailboxChanged(String address) {
}
