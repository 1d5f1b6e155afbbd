package it.certmail.pec.transport.core;

import java.io.IOException;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;

import it.certmail.pec.blob.domain.BlobRef;
import it.certmail.pec.log.domain.LogEvent;
import it.certmail.pec.mime.Spool;

/** Port: the antivirus (RFC 6109 §5.4) and the quarantine where infected messages are kept (§2.2.4). */
public interface VirusCheck {

    /** Where an infected message was found. */
    enum Origin {
        /** a message submitted to our access point */
        ACCESS_POINT,
        /** a busta di trasporto at our reception point */
        RECEPTION_POINT,
        /** ordinary mail for a mailbox that accepts it */
        ORDINARY
    }

    /**
     * The virus found in the message, if any. When the scan fails and the policy takes the message unscanned,
     * {@code unscannedEntry} (given the reason) is logged with the step's effects.
     *
     * @throws IOException when the scan failed and the policy refuses the message
     */
    Optional<String> virusIn(Spool message, Function<String, LogEvent> unscannedEntry) throws IOException;

    /** Keeps an infected message apart (takes its own reference on the blob). */
    void quarantine(BlobRef blob, String virus, Origin origin, String msgid, String sender, Instant now);
}
