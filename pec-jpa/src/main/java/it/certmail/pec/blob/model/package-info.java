/**
 * The header row of a stored blob ({@code message_blob}), read-only for JPA: {@code blob.infra.BlobStore} writes it
 * and its chunks over JDBC. Imports jakarta.persistence only. Tables: {@code db/migration/V2__mailbox_store.sql}.
 */
package it.certmail.pec.blob.model;
