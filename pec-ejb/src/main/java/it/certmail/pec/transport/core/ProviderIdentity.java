package it.certmail.pec.transport.core;

/** Port: who this provider is, as its receipts and registro entries name it. */
public interface ProviderIdentity {

    /** Our name in the providers' index. */
    String providerName();

    /** Our service mailbox: the sender of the notices we relay, the receiver of the presa in carico we send us. */
    String serviceAddress();
}
