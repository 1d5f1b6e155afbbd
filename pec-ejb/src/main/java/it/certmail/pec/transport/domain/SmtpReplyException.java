package it.certmail.pec.transport.domain;

import java.util.Objects;

/**
 * Rifiuto SMTP: thrown by a transport handler to answer the current transaction with a negative reply. A 4xx
 * reply tells the client to retry, a 5xx reply refuses the message for good. Any other exception escaping a
 * handler is answered with {@code 451 4.3.0}, never with 250.
 */
public class SmtpReplyException extends Exception {

    private static final long serialVersionUID = 1L;

    private final transient SmtpReply reply;

    public SmtpReplyException(SmtpReply reply) {
        this(reply, null);
    }

    public SmtpReplyException(SmtpReply reply, Throwable cause) {
        super(Objects.requireNonNull(reply, "reply").line(), cause);
        if (reply.isPositive()) {
            throw new IllegalArgumentException("a rejection needs a 4xx or 5xx reply: " + reply.line());
        }
        this.reply = reply;
    }

    /** {@code 451 4.3.0 <text>}. */
    public static SmtpReplyException temporary(String text) {
        return new SmtpReplyException(SmtpReply.temporary(text));
    }

    /** {@code 554 5.6.0 <text>}. */
    public static SmtpReplyException permanent(String text) {
        return new SmtpReplyException(SmtpReply.permanent(text));
    }

    public SmtpReply reply() {
        return reply;
    }
}
