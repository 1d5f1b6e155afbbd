package it.certmail.pec.transport.domain;

import java.io.IOException;
import java.io.InputStream;

/**
 * Punto di ricezione: processes a message received from another provider or from the Internet (RFC 6109 §2.2.2).
 * Implemented by the transport service; called by the inbound SMTP server on one of its connection threads.
 */
@FunctionalInterface
public interface InboundHandler {

    /**
     * Processes one received message and decides the reply: {@code 250} once the message and the work it implies
     * (presa in carico, busta di anomalia, deposit) are committed; {@code 550} e.g. for ordinary mail to a mailbox
     * that refuses it; {@code 451} on a temporary problem.
     *
     * @param envelope the SMTP envelope, with the TLS flag, HELO and client address
     * @param data     the message exactly as received (dot-unstuffed, CRLF line ends, no trace header added);
     *                 valid only during the call
     * @throws SmtpReplyException to refuse with the exception's reply
     * @throws IOException        if reading {@code data} failed
     */
    SmtpReply receive(InboundEnvelope envelope, InputStream data) throws SmtpReplyException, IOException;
}
