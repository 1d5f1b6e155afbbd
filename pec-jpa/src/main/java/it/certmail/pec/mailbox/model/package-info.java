/**
 * Mail domains, mailboxes, their folders and the stored messages (the platform's own message store,
 * architecture.md §2). Imports jakarta.persistence only. The message bytes live in {@code message_blob} /
 * {@code message_blob_chunk}, written and read as streams over JDBC by {@code blob.infra.BlobStore};
 * {@link it.certmail.pec.blob.model.MessageBlob} maps the blob header row read-only. Table definitions:
 * {@code db/migration/V2__mailbox_store.sql}.
 */
package it.certmail.pec.mailbox.model;
