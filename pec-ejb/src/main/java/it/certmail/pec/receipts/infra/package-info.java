/**
 * Receipts and notices as MIME: composing the signed PEC messages of RFC 6109 and classifying incoming
 * ones. Uses Jakarta Mail and BouncyCastle; never the container.
 */
package it.certmail.pec.receipts.infra;
