package it.certmail.pec.mailbox.service;

import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * The local mail domains this node has already found in the database. The transport asks whether a domain is ours
 * several times per message (dispatch, receipt filing, RCPT checks): a domain once found is answered from here.
 * Only positive answers are kept: a local domain is never removed (there is no way to delete one), while one
 * created meanwhile on another node must be found at once, so an unknown domain is always looked up. A way to
 * remove a domain would have to {@link #forget} it on every node.
 */
@ApplicationScoped
public class KnownLocalDomains {

    private final Set<String> known = ConcurrentHashMap.newKeySet();

    public boolean contains(String domain) {
        return known.contains(key(domain));
    }

    /** Noted once the database has answered that it is ours. */
    public void found(String domain) {
        known.add(key(domain));
    }

    public void forget(String domain) {
        known.remove(key(domain));
    }

    private static String key(String domain) {
        return domain == null ? "" : domain.strip().toLowerCase(Locale.ROOT);
    }
}
