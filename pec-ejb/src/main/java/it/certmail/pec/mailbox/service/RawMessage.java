package it.certmail.pec.mailbox.service;

import java.io.InputStream;

/**
 * Messaggio originale: the exact stored bytes of one message, as a lazy stream (chunks are read as it is
 * consumed, also after the transaction that opened it). The reader closes it.
 */
public record RawMessage(long id, long size, InputStream content) {
}
