/**
 * The webmail's settings pages ({@code /my/mail/settings}, {@code /my/mail/contacts}): the holder's own mail
 * options, rules on incoming mail, notices of new PEC and the address book, over
 * {@link it.certmail.pec.mailbox.service.MailSettingsService} for the mailbox the session proved.
 */
package it.certmail.pec.web.mail.settings;
