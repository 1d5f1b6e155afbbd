/**
 * The providers' index (indice dei gestori, IGPEC, RFC 6109 §4.5): records, LDIF codec, lookups. Pure.
 */
package it.certmail.pec.index.domain;
