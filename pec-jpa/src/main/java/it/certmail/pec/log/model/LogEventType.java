package it.certmail.pec.log.model;

/**
 * Tipo di evento del registro dei messaggi (RFC 6109 §2.3 "event type"): one value per receipt, notice and
 * envelope the platform issues or receives, after the event classes real provider logs use.
 */
public enum LogEventType {
    ACCETTAZIONE,
    NON_ACCETTAZIONE,
    NON_ACCETTAZIONE_VIRUS,
    BUSTA_TRASPORTO,
    PRESA_IN_CARICO,
    CONSEGNA,
    MANCATA_CONSEGNA,
    MANCATA_CONSEGNA_VIRUS,
    MANCATA_CONSEGNA_12H,
    MANCATA_CONSEGNA_24H,
    RILEVAZIONE_VIRUS,
    BUSTA_ANOMALIA,
    /** a receipt or notice of another provider received and filed in a mailbox */
    RICEZIONE_RICEVUTA,
    /** an envelope or receipt handed to another provider's reception point */
    INOLTRO,
    /** ordinary mail refused at the reception point */
    RIFIUTO,
    /** a message taken without a virus scan: clamd unavailable and pec.antivirus.unavailable=accept-unscanned */
    ANTIVIRUS_NON_ESEGUITO
}
