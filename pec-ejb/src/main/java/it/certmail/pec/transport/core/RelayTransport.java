package it.certmail.pec.transport.core;

import java.security.GeneralSecurityException;
import java.util.List;

import it.certmail.pec.transport.domain.RawMessageSource;
import it.certmail.pec.transport.domain.RelayResult;
import it.certmail.pec.transport.domain.RelayTarget;

/**
 * Port: the SMTP relay client ({@code SmtpRelayClient} in the container). One attempt over the network, outside any
 * transaction: the hosts are tried in order, and every problem of the network or the peer is an outcome per
 * recipient, never an exception.
 */
@FunctionalInterface
public interface RelayTransport {

    /**
     * Offers the exact bytes to the first host that takes the session.
     *
     * @param pecPeer the domain is a PEC provider's: STARTTLS is required and its certificate checked against our
     *                trust anchors (RFC 6109 §5.3); ordinary mail servers get STARTTLS when they offer it
     * @throws GeneralSecurityException our own trust anchors cannot be made into a TLS context (nothing was sent)
     */
    RelayResult send(List<RelayTarget> targets, boolean pecPeer, String mailFrom, List<String> recipients,
            RawMessageSource message) throws GeneralSecurityException;
}
