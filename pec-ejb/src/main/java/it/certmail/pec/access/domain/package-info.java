/**
 * Accesso dei client alla casella: the port ({@link it.certmail.pec.access.domain.MailAccess}) that the IMAP and
 * POP3 sessions use to read and change a mailbox, its value types and the in-process change hub. Pure JDK: no
 * jakarta.*, no Netty, no JPA.
 */
package it.certmail.pec.access.domain;
