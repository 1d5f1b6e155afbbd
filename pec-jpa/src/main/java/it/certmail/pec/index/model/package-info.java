/**
 * Persistent local copy of the providers' index (indice dei gestori, IGPEC, RFC 6109 §4.5): one
 * {@link it.certmail.pec.index.model.Provider} per record (main or secondary environment), with its signing
 * certificates and managed domains. Imports jakarta.persistence only; mapping to and from the domain
 * {@code ProviderRecord} happens in {@code index.infra.JpaProviderIndex}. Table definitions:
 * {@code db/migration/V1__provider_index.sql}.
 */
package it.certmail.pec.index.model;
