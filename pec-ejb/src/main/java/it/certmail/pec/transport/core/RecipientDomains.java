package it.certmail.pec.transport.core;

/**
 * Port: what a recipient's domain is to us: one of ours, or one of a provider in the index (both certified,
 * RFC 6109 §2.2.1), or neither (ordinary mail, {@code esterno}).
 */
public interface RecipientDomains {

    boolean isLocalDomain(String domain);

    /** A domain of a provider listed in the providers' index. */
    boolean isCertifiedDomain(String domain);
}
