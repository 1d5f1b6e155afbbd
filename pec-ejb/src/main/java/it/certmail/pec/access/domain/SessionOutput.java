package it.certmail.pec.access.domain;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;

/**
 * Uscita della sessione: the connection as a protocol session sees it. Text is written as ISO-8859-1 (one char
 * per byte); the transport buffers it until {@link #flush()}. Shared by IMAP and POP3.
 */
public interface SessionOutput {

    void write(String text);

    /** Writes {@code length} bytes of {@code in} (all of it when {@code length} is negative), then closes it. */
    void writeStream(InputStream in, long length) throws IOException;

    void flush();

    /** Flushes and closes the connection. */
    void close();

    /** How long the client may stay silent before the connection is closed. */
    void setIdleTimeout(Duration timeout);

    /**
     * Holds what this command writes from now on, and this session's next commands, for {@code delay}, without
     * holding a thread meanwhile (the pause after a failed login: a thread asleep per failure would let a few
     * guessing clients stop every session's commands).
     */
    void pause(Duration delay);

    /** Runs {@code task} after the command being handled, never concurrently with another one of this session. */
    void runLater(Runnable task);

    /** The peer, for logs. */
    String remoteAddress();
}
