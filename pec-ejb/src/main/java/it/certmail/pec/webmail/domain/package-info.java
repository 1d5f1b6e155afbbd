/**
 * Webmail, lettura: pure pieces the webmail's reading pages need on top of the message store — the HTML cleaner
 * for received mail, the walk over a message's MIME parts (the original inside a PEC envelope, its body and its
 * attachments), the PEC kind as a badge and the daticert in plain words. No container APIs here.
 */
package it.certmail.pec.webmail.domain;
