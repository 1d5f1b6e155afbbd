package it.certmail.pec.receipts.domain;

import java.util.Locale;
import java.util.Optional;

/**
 * Tipo di messaggio PEC: the eleven messages a provider emits (RFC 6109 §3, pec-spec §2.2–2.3), with their wire
 * facts. The 12-hour preavviso and the 24-hour final notice of {@link #DELIVERY_TIMEOUT} share subject, header and
 * daticert tipo, so they are one kind here; {@link TimeoutStage} tells their texts apart.
 */
public enum PecMessageKind {
    /** busta di trasporto */
    TRANSPORT_ENVELOPE("POSTA CERTIFICATA: ", Header.X_TRASPORTO, "posta-certificata", false,
            DaticertType.TRANSPORT, DaticertError.NONE, true),
    /** ricevuta di accettazione */
    ACCEPTANCE("ACCETTAZIONE: ", Header.X_RICEVUTA, "accettazione", false,
            DaticertType.ACCEPTANCE, DaticertError.NONE, false),
    /** avviso di non accettazione (eccezioni formali) */
    NON_ACCEPTANCE("AVVISO DI NON ACCETTAZIONE: ", Header.X_RICEVUTA, "non-accettazione", false,
            DaticertType.NON_ACCEPTANCE, DaticertError.OTHER, false),
    /** avviso di non accettazione per virus */
    NON_ACCEPTANCE_VIRUS("AVVISO DI NON ACCETTAZIONE PER VIRUS: ", Header.X_RICEVUTA, "non-accettazione", true,
            DaticertType.NON_ACCEPTANCE, DaticertError.VIRUS, false),
    /** ricevuta di presa in carico */
    TAKE_CHARGE("PRESA IN CARICO: ", Header.X_RICEVUTA, "presa-in-carico", false,
            DaticertType.TAKE_CHARGE, DaticertError.NONE, false),
    /** ricevuta di avvenuta consegna (completa, breve or sintetica: see {@link #carriesOriginal(ReceiptForm)}) */
    DELIVERY("CONSEGNA: ", Header.X_RICEVUTA, "avvenuta-consegna", false,
            DaticertType.DELIVERY, DaticertError.NONE, true),
    /** avviso di mancata consegna */
    DELIVERY_FAILURE("AVVISO DI MANCATA CONSEGNA: ", Header.X_RICEVUTA, "errore-consegna", false,
            DaticertType.DELIVERY_ERROR, DaticertError.OTHER, false),
    /** avviso di mancata consegna per virus */
    DELIVERY_FAILURE_VIRUS("AVVISO DI MANCATA CONSEGNA PER VIRUS: ", Header.X_RICEVUTA, "errore-consegna", true,
            DaticertType.DELIVERY_ERROR, DaticertError.VIRUS, false),
    /**
     * avviso di mancata consegna per superamento dei tempi massimi (12 h preavviso and 24 h final notice). The
     * daticert errore for it is not documented anywhere seen; {@code altro} is an inference.
     */
    DELIVERY_TIMEOUT("AVVISO DI MANCATA CONSEGNA PER SUP. TEMPO MASSIMO: ", Header.X_RICEVUTA,
            "preavviso-errore-consegna", false, DaticertType.DELIVERY_TIMEOUT, DaticertError.OTHER, false),
    /** avviso di rilevazione virus (to the sender provider's service mailbox) */
    VIRUS_DETECTION("PROBLEMA DI SICUREZZA: ", Header.X_RICEVUTA, "rilevazione-virus", false,
            DaticertType.VIRUS_DETECTION, DaticertError.VIRUS, false),
    /** busta di anomalia: the received message and a text only, no daticert */
    ANOMALY_ENVELOPE("ANOMALIA MESSAGGIO: ", Header.X_TRASPORTO, "errore", false, null, null, true);

    /** The header that carries {@link #headerValue()}. */
    public enum Header {
        /** on notifications (ricevute, avvisi) */
        X_RICEVUTA("X-Ricevuta"),
        /** on envelopes (buste) */
        X_TRASPORTO("X-Trasporto");

        private final String fieldName;

        Header(String fieldName) {
            this.fieldName = fieldName;
        }

        /** The header field name as written. */
        public String fieldName() {
            return fieldName;
        }
    }

    /** {@code X-VerificaSicurezza} field name; its only value is {@link #SECURITY_ERROR}. */
    public static final String X_VERIFICA_SICUREZZA = "X-VerificaSicurezza";
    /** The value of {@code X-VerificaSicurezza} on virus notices. */
    public static final String SECURITY_ERROR = "errore";

    private final String subjectPrefix;
    private final Header header;
    private final String headerValue;
    private final boolean securityError;
    private final DaticertType daticertType;
    private final DaticertError defaultError;
    private final boolean carriesOriginal;

    PecMessageKind(String subjectPrefix, Header header, String headerValue, boolean securityError,
            DaticertType daticertType, DaticertError defaultError, boolean carriesOriginal) {
        this.subjectPrefix = subjectPrefix;
        this.header = header;
        this.headerValue = headerValue;
        this.securityError = securityError;
        this.daticertType = daticertType;
        this.defaultError = defaultError;
        this.carriesOriginal = carriesOriginal;
    }

    /** The exact subject prefix, including the trailing ": " (pec-spec §2.2). */
    public String subjectPrefix() {
        return subjectPrefix;
    }

    /** {@code <prefix><original subject>}; a missing subject gives the bare prefix without its trailing space. */
    public String subject(String originalSubject) {
        return originalSubject == null ? subjectPrefix.stripTrailing() : subjectPrefix + originalSubject;
    }

    /** X-Ricevuta or X-Trasporto. */
    public Header header() {
        return header;
    }

    /** The value of {@link #header()}. */
    public String headerValue() {
        return headerValue;
    }

    /** True when an envelope (X-Trasporto) rather than a notification. */
    public boolean isEnvelope() {
        return header == Header.X_TRASPORTO;
    }

    /** Whether the message carries {@code X-VerificaSicurezza: errore}. */
    public boolean securityError() {
        return securityError;
    }

    /** The daticert tipo; empty for the busta di anomalia, which has no daticert. */
    public Optional<DaticertType> daticertType() {
        return Optional.ofNullable(daticertType);
    }

    /** The daticert errore normally used; empty for the busta di anomalia. */
    public Optional<DaticertError> defaultError() {
        return Optional.ofNullable(defaultError);
    }

    /**
     * Whether the kind can carry the original ({@code postacert.eml}): always for the envelopes, depending on the
     * form for the delivery receipt, never for the other notices.
     */
    public boolean carriesOriginal() {
        return carriesOriginal;
    }

    /** Whether a message of this kind in the given receipt form carries the original (sintetica: no). */
    public boolean carriesOriginal(ReceiptForm form) {
        if (this == DELIVERY) {
            return form != ReceiptForm.CONCISE;
        }
        return carriesOriginal;
    }

    /**
     * Classifies by the top-level headers (values compared case-insensitively, trimmed); X-Trasporto wins over
     * X-Ricevuta. Empty when the headers name no known kind.
     */
    public static Optional<PecMessageKind> classify(String xTrasporto, String xRicevuta, String xVerificaSicurezza) {
        boolean security = SECURITY_ERROR.equals(norm(xVerificaSicurezza));
        String trasporto = norm(xTrasporto);
        if (trasporto != null) {
            return switch (trasporto) {
                case "posta-certificata" -> Optional.of(TRANSPORT_ENVELOPE);
                case "errore" -> Optional.of(ANOMALY_ENVELOPE);
                default -> Optional.empty();
            };
        }
        String ricevuta = norm(xRicevuta);
        if (ricevuta == null) {
            return Optional.empty();
        }
        return switch (ricevuta) {
            case "accettazione" -> Optional.of(ACCEPTANCE);
            case "non-accettazione" -> Optional.of(security ? NON_ACCEPTANCE_VIRUS : NON_ACCEPTANCE);
            case "presa-in-carico" -> Optional.of(TAKE_CHARGE);
            case "avvenuta-consegna" -> Optional.of(DELIVERY);
            case "errore-consegna" -> Optional.of(security ? DELIVERY_FAILURE_VIRUS : DELIVERY_FAILURE);
            case "preavviso-errore-consegna" -> Optional.of(DELIVERY_TIMEOUT);
            case "rilevazione-virus" -> Optional.of(VIRUS_DETECTION);
            default -> Optional.empty();
        };
    }

    private static String norm(String v) {
        return v == null || v.isBlank() ? null : v.trim().toLowerCase(Locale.ROOT);
    }
}
