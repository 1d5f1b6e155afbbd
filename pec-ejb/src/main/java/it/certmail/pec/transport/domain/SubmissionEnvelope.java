package it.certmail.pec.transport.domain;

import java.net.InetAddress;
import java.util.List;
import java.util.Objects;

/**
 * Busta SMTP di invio: what the access point knows about a submitted message besides its bytes.
 *
 * @param authUser   the authenticated identity (AUTH), never null
 * @param mailFrom   the reverse path of MAIL FROM, empty for the null path {@code <>}
 * @param recipients the forward paths of the accepted RCPT TO commands, in order; may exceed the provider's
 *                   policy limit (the handler answers that with an avviso di non accettazione, RFC 6109 §3.1.2)
 * @param client     the client's IP address
 * @param helo       the EHLO/HELO argument, empty if none was sent
 * @param sessionId  the SMTP session id, for logs
 */
public record SubmissionEnvelope(String authUser, String mailFrom, List<String> recipients, InetAddress client,
                                 String helo, String sessionId) {

    public SubmissionEnvelope {
        Objects.requireNonNull(authUser, "authUser");
        mailFrom = Objects.requireNonNullElse(mailFrom, "");
        recipients = List.copyOf(recipients);
        Objects.requireNonNull(client, "client");
        helo = Objects.requireNonNullElse(helo, "");
        sessionId = Objects.requireNonNullElse(sessionId, "");
    }
}
