/**
 * Adattatori dell'accesso client: the {@link it.certmail.pec.access.domain.MailAccess} port over the JPA message
 * store, and the Netty IMAP and POP3 servers (implicit TLS) that run the protocol sessions. No container APIs.
 */
package it.certmail.pec.access.infra;
