package it.certmail.pec.mailbox.service;

/** A delivery queued notices for a holder (a rule's forward, a new-PEC alert): fired inside its transaction. */
public record NoticesQueued(String mailboxAddress) {
}
