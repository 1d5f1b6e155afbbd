/**
 * Protocollo POP3 (RFC 1939, RFC 2449 CAPA, RFC 5034 SASL PLAIN): the session state machine over the
 * {@link it.certmail.pec.access.domain.MailAccess} port, on the INBOX only. Pure JDK.
 */
package it.certmail.pec.access.pop3.domain;
