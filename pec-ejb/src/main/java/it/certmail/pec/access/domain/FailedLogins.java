package it.certmail.pec.access.domain;

import java.util.concurrent.atomic.LongAdder;

/**
 * Accessi falliti: failed IMAP and POP3 logins on this node since its listeners started, for the metrics a provider
 * watches (a rise is a password-guessing campaign). Shared by every session of a node; counting never blocks.
 */
public final class FailedLogins {

    private final LongAdder imap = new LongAdder();
    private final LongAdder pop3 = new LongAdder();

    public void imapFailed() {
        imap.increment();
    }

    public void pop3Failed() {
        pop3.increment();
    }

    public long imapTotal() {
        return imap.sum();
    }

    public long pop3Total() {
        return pop3.sum();
    }
}
