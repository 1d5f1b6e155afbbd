/**
 * Protocollo IMAP4rev1 (RFC 3501) and its extensions: command parsing (literals, quoted strings, sequence sets,
 * search keys), MIME structure from raw bytes (ENVELOPE, BODYSTRUCTURE, sections), and the session state machine
 * over the {@link it.certmail.pec.access.domain.MailAccess} port. Pure JDK: no Netty, no jakarta.*.
 */
package it.certmail.pec.access.imap.domain;
