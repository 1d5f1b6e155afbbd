package it.certmail.pec.transport.domain;

import java.net.InetAddress;
import java.util.List;
import java.util.Objects;

/**
 * Busta SMTP in ricezione: what the reception point knows about an incoming message besides its bytes.
 *
 * @param mailFrom   the reverse path of MAIL FROM, empty for the null path {@code <>}
 * @param recipients the forward paths accepted by the {@link RecipientPolicy}, in order
 * @param client     the sending host's IP address
 * @param helo       the EHLO/HELO argument, empty if none was sent
 * @param tls        whether the session was protected by TLS (STARTTLS) when DATA was sent; provider-to-provider
 *                   PEC traffic MUST use TLS (RFC 6109 §5.3), ordinary mail may arrive in clear
 * @param sessionId  the SMTP session id, for logs
 */
public record InboundEnvelope(String mailFrom, List<String> recipients, InetAddress client, String helo,
                              boolean tls, String sessionId) {

    public InboundEnvelope {
        mailFrom = Objects.requireNonNullElse(mailFrom, "");
        recipients = List.copyOf(recipients);
        Objects.requireNonNull(client, "client");
        helo = Objects.requireNonNullElse(helo, "");
        sessionId = Objects.requireNonNullElse(sessionId, "");
    }
}
