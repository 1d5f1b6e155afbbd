package it.certmail.pec.receipts.domain;

import java.util.Optional;

/**
 * Errore ({@code postacert/@errore} in daticert.xml, RFC 6109 §4.4); the DTD default is {@code nessuno}.
 */
public enum DaticertError {
    /** nessuno: no error */
    NONE("nessuno"),
    /** no-dest: wrong recipient */
    NO_RECIPIENT("no-dest"),
    /** no-dominio: wrong domain */
    NO_DOMAIN("no-dominio"),
    /** virus */
    VIRUS("virus"),
    /** altro: any other error */
    OTHER("altro");

    private final String code;

    DaticertError(String code) {
        this.code = code;
    }

    /** The wire value, as in the DTD. */
    public String code() {
        return code;
    }

    /** Exact lookup; empty for null or unknown values. */
    public static Optional<DaticertError> fromCode(String code) {
        for (DaticertError e : values()) {
            if (e.code.equals(code)) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }
}
