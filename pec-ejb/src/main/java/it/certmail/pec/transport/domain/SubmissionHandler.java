package it.certmail.pec.transport.domain;

import java.io.IOException;
import java.io.InputStream;

/**
 * Punto di accesso: receives a message submitted by an authenticated user (RFC 6109 §2.2.1). Implemented by the
 * transport service; called by the SMTP submission server on one of its connection threads.
 */
@FunctionalInterface
public interface SubmissionHandler {

    /**
     * Takes charge of one submitted message. The server replies {@code 250} only after this method returned a
     * positive reply, so an implementation returns only when the message and all work it implies are committed
     * (house-style §6.6 #1). Policy refusals that PEC answers with an avviso di non accettazione (too many
     * recipients, too large for the policy, Bcc, sender not the mailbox) are accepted here (250) and answered by
     * that notice, not by an SMTP refusal.
     *
     * @param envelope the SMTP envelope
     * @param data     the message exactly as received (dot-unstuffed, CRLF line ends, no trace header added);
     *                 valid only during the call; reading past the server's absolute size cap throws an
     *                 {@link IOException} and the server answers 552
     * @return the reply to send: 2xx accepted, 4xx or 5xx refused with that reply
     * @throws SmtpReplyException to refuse with the exception's reply
     * @throws IOException        if reading {@code data} failed (the server then answers according to the cause)
     */
    SmtpReply submit(SubmissionEnvelope envelope, InputStream data) throws SmtpReplyException, IOException;
}
