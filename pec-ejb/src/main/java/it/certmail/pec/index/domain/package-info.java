/**
 * The providers' index (indice dei gestori, IGPEC, RFC 6109 §4.5): provider records, certificate hashes,
 * lookups by signing certificate and by domain. Pure JDK: no jakarta.*, no LDAP SDK, no BouncyCastle; the
 * LDIF codec and the JPA adapter live in {@code index.infra}.
 */
package it.certmail.pec.index.domain;
