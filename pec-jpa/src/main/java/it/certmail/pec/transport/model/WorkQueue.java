package it.certmail.pec.transport.model;

/** Which worker takes a {@link WorkItem}. */
public enum WorkQueue {
    /** punto di ricezione: messages for our own domains, from our access point or from SMTP */
    RECEPTION,
    /** SMTP relay to another provider or to an ordinary mail server */
    RELAY
}
