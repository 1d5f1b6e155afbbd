/**
 * Receipts and notices (ricevute, avvisi, buste), pure part: the daticert.xml model and its codecs,
 * message kinds and their wire codes, the Italian texts, time formats. JDK only: no Jakarta, no
 * BouncyCastle, no container.
 */
package it.certmail.pec.receipts.domain;
