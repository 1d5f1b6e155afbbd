/**
 * The blob store on the database: message bytes stored once per distinct content, in chunks, counted by reference
 * ({@link it.certmail.pec.blob.infra.BlobStore}, JDBC on the caller's DataSource). No container APIs, no context.
 */
package it.certmail.pec.blob.infra;
