package it.certmail.pec.index.domain;

import java.util.Set;

/**
 * Domini gestiti: the mail domains this provider hosts, which its own index record lists (RFC 6109 §4.5). A port:
 * the mailbox context keeps the domains and implements it, so the index reads no mailbox table.
 */
public interface LocalDomains {

    /** The names of the local mail domains, lower case. */
    Set<String> names();
}
