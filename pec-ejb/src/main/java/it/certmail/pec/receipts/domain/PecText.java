package it.certmail.pec.receipts.domain;

/**
 * Testo leggibile: the human-readable part of a PEC message (RFC 6109 §4.3.1), in its two alternatives. Both are
 * ISO-8859-1-safe: the plain text only holds ISO-8859-1 characters, the HTML only ASCII (the rest as character
 * references) with no external resource and no script.
 *
 * @param title the heading, also the HTML title
 * @param plain the text/plain alternative
 * @param html  the text/html alternative, carrying the same information
 */
public record PecText(String title, String plain, String html) {
}
