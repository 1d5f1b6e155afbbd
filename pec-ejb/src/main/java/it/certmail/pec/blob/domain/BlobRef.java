package it.certmail.pec.blob.domain;

/**
 * Riferimento a un contenuto: a stored blob.
 *
 * @param id     {@code message_blob.id}
 * @param sha256 lower-case hex SHA-256 of the bytes
 * @param size   length in bytes
 */
public record BlobRef(long id, String sha256, long size) {
}
