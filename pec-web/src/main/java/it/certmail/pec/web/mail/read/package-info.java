/**
 * La webmail, lettura ({@code /my/mail/}): folders with their unread counts, the paged message list with PEC
 * badges and search, a message with its original, daticert, signature verdict and attachments, and the downloads
 * (exact .eml, attachments, the cleaned HTML body in a sandboxed frame). Everything goes through the same store as
 * IMAP ({@code MailAccessService}), for the session's current mailbox only.
 */
package it.certmail.pec.web.mail.read;
