package it.certmail.pec.mailbox.domain;

import java.time.Instant;

/**
 * Modifica troppo ravvicinata: a change allowed once per interval (the web password: once in 24 hours) was asked
 * again too soon. HTTP 429 with {@code Retry-After}.
 */
public class ChangeTooSoonException extends MailboxConflictException {

    private static final long serialVersionUID = 1L;

    private final Instant allowedAt;
    private final long retryAfterSeconds;

    /** @param retryAfterSeconds from the refusal to {@code allowedAt}, rounded up */
    public ChangeTooSoonException(String message, Instant allowedAt, long retryAfterSeconds) {
        super(message);
        this.allowedAt = allowedAt;
        this.retryAfterSeconds = Math.max(1, retryAfterSeconds);
    }

    public Instant allowedAt() {
        return allowedAt;
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
