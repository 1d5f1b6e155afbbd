/**
 * Contenuti dei messaggi, pure: the reference to a stored blob and who holds a reference to it. The blob store is
 * shared by the mailbox (stored messages), the transport (the work queue's envelopes), the access points and the
 * log; it depends on no context, so none of them reaches into another's infrastructure to use it.
 */
package it.certmail.pec.blob.domain;
