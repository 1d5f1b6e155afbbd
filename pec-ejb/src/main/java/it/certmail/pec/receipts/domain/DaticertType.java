package it.certmail.pec.receipts.domain;

import java.util.Optional;

/**
 * Tipo di messaggio PEC ({@code postacert/@tipo} in daticert.xml, RFC 6109 §4.4): the eight values the DTD allows.
 */
public enum DaticertType {
    /** ricevuta di accettazione */
    ACCEPTANCE("accettazione"),
    /** avviso di non accettazione (formal exceptions or virus) */
    NON_ACCEPTANCE("non-accettazione"),
    /** ricevuta di presa in carico */
    TAKE_CHARGE("presa-in-carico"),
    /** ricevuta di avvenuta consegna */
    DELIVERY("avvenuta-consegna"),
    /** busta di trasporto */
    TRANSPORT("posta-certificata"),
    /** avviso di mancata consegna (also for virus) */
    DELIVERY_ERROR("errore-consegna"),
    /** avviso di mancata consegna per superamento dei tempi massimi (12 h and 24 h) */
    DELIVERY_TIMEOUT("preavviso-errore-consegna"),
    /** avviso di rilevazione virus */
    VIRUS_DETECTION("rilevazione-virus");

    private final String code;

    DaticertType(String code) {
        this.code = code;
    }

    /** The wire value, as in the DTD. */
    public String code() {
        return code;
    }

    /** Exact (case-sensitive, as the DTD) lookup; empty for null or unknown values. */
    public static Optional<DaticertType> fromCode(String code) {
        for (DaticertType t : values()) {
            if (t.code.equals(code)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
