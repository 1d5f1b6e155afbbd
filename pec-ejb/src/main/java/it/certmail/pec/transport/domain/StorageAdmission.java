package it.certmail.pec.transport.domain;

import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * Ammissione secondo lo spazio su disco: the SMTP handlers and the recipient policy, refusing new mail with
 * {@code 452 4.3.1} (RFC 3463: mail system full) while the data disk is below its free-space minimum. The client
 * keeps the message and tries again; nothing is read into the store. The reception point refuses already at RCPT,
 * so a peer does not send the data; the access point at DATA (SMTP AUTH users cannot be refused earlier without a
 * hook in the server), before reading it.
 */
public final class StorageAdmission {

    public static final SmtpReply INSUFFICIENT_STORAGE =
            new SmtpReply(452, "4.3.1 Insufficient system storage, try again later");

    private StorageAdmission() {
    }

    /** {@code handler}, or the refusal while {@code room} says no. */
    public static SubmissionHandler guardSubmissions(SubmissionHandler handler, BooleanSupplier room) {
        Objects.requireNonNull(handler, "handler");
        Objects.requireNonNull(room, "room");
        return (envelope, data) -> room.getAsBoolean() ? handler.submit(envelope, data) : INSUFFICIENT_STORAGE;
    }

    /** {@code handler}, or the refusal while {@code room} says no (space may go between RCPT and DATA). */
    public static InboundHandler guardReceptions(InboundHandler handler, BooleanSupplier room) {
        Objects.requireNonNull(handler, "handler");
        Objects.requireNonNull(room, "room");
        return (envelope, data) -> room.getAsBoolean() ? handler.receive(envelope, data) : INSUFFICIENT_STORAGE;
    }

    /** {@code policy}, or the refusal while {@code room} says no. */
    public static RecipientPolicy guardRecipients(RecipientPolicy policy, BooleanSupplier room) {
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(room, "room");
        return (from, rcpt, client) -> room.getAsBoolean() ? policy.check(from, rcpt, client) : INSUFFICIENT_STORAGE;
    }
}
