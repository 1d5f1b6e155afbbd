package it.certmail.pec.access.domain;

/**
 * Sessione di protocollo: what the network transport drives, one call at a time per connection (never
 * concurrently): IMAP and POP3 sessions implement it.
 */
public interface ProtocolSession {

    /** The connection is open: send the greeting. */
    void greet();

    /** One complete command line (IMAP: with its literals inline). */
    void handle(byte[] frame);

    /** A command could not be framed (too long); {@code partial} is its beginning. */
    void frameError(byte[] partial, String message);

    /** A periodic or notified chance to tell an idle client about changes. */
    void poll();

    /** The connection is gone. */
    void closed();

    /** What to send before closing an idle connection, or {@code null}. */
    default String byeOnTimeout() {
        return null;
    }
}
