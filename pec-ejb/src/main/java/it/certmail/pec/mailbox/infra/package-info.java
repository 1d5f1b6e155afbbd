/**
 * Adapters of the message store: {@link it.certmail.pec.blob.infra.BlobStore} (message bytes as chunked,
 * content-addressed blobs over JDBC, streamed both ways), {@link it.certmail.pec.mailbox.infra.JpaMessageStore}
 * (messages in folders: UIDs, flags, usage) and {@link it.certmail.pec.mailbox.infra.JpaMailboxDirectory}
 * (domains and mailboxes). None of them opens or commits a transaction: they run in the caller's.
 */
package it.certmail.pec.mailbox.infra;
