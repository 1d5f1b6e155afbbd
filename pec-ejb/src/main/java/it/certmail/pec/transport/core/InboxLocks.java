package it.certmail.pec.transport.core;

import java.util.Collection;

/**
 * Port: the INBOX locks of several mailboxes taken ahead, in one global order (the store's: ascending folder id), for
 * the caller's transaction. A transaction that deposits in several INBOXes takes them this way before its first
 * deposit, so two of them touching the same mailboxes in opposite orders wait for each other instead of deadlocking.
 */
@FunctionalInterface
public interface InboxLocks {

    /** Locks the INBOX of each mailbox that exists among {@code mailboxes} (any case; the others are skipped). */
    void lockInOrder(Collection<String> mailboxes);
}
