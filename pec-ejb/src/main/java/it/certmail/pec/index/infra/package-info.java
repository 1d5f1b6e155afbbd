/**
 * Adapters of the providers' index (indice dei gestori): the LDIF codec (UnboundID LDAP SDK) for the
 * records published at LDIFLocationURL (RFC 6109 §4.5) and the JPA-backed {@code ProviderIndex}.
 * Never uses container APIs (no EJB/CDI/JAX-RS): transactions belong to the caller.
 */
package it.certmail.pec.index.infra;
