package it.certmail.pec.documents.service;

/** A document to download: its file name, media type and bytes. */
public record DocumentFile(String fileName, String contentType, byte[] bytes) {
}
