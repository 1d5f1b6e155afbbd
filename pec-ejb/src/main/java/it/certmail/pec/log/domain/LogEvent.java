package it.certmail.pec.log.domain;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

import it.certmail.pec.log.model.LogEventType;

/**
 * One event for the registro dei messaggi, with the fields of RFC 6109 §2.3: msgid, time, sender, recipients,
 * subject, event type, ids of the generated messages, sending provider. The time is the transaction's single
 * time reference (§4.1), the same one written in the receipts and their signatures.
 */
public record LogEvent(LogEventType type, Instant time, String msgid, String clientMsgid, String sender,
                       List<String> recipients, String subject, List<String> generatedIds, String sendingProvider,
                       String detail) {

    public LogEvent {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(time, "time");
        recipients = recipients == null ? List.of() : List.copyOf(recipients);
        generatedIds = generatedIds == null ? List.of() : List.copyOf(generatedIds);
    }
}
