package it.certmail.pec.transport.domain;

import java.net.InetAddress;

/**
 * Autenticazione al punto di accesso (RFC 6109 §5.2: user authentication is mandatory at the access point).
 * Called by the submission server for AUTH PLAIN and AUTH LOGIN, only over TLS.
 */
@FunctionalInterface
public interface SmtpAuthenticator {

    /**
     * Checks a mailbox's client credentials. Must not throw for wrong credentials: return {@code false}. The
     * caller slows down repeated failures per source address; an implementation need not.
     *
     * @param user     the authentication identity as sent by the client (normally the PEC address)
     * @param password the password in clear (the channel is TLS)
     * @param from     the client's address, for logging and policies
     */
    boolean authenticate(String user, String password, InetAddress from);
}
