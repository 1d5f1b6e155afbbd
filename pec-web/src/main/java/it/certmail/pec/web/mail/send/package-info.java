/**
 * The webmail's sending side ({@code /my/mail/compose.xhtml}, {@code /my/mail/sent.xhtml}): composing, drafts,
 * replies and forwards, sending through the access point, and the receipts of every sent message per recipient.
 */
package it.certmail.pec.web.mail.send;
