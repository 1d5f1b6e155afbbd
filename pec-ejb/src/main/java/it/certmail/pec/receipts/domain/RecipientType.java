package it.certmail.pec.receipts.domain;

import java.util.Optional;

/**
 * Tipo di destinatario ({@code destinatari/@tipo} in daticert.xml): a PEC mailbox or an ordinary one.
 */
public enum RecipientType {
    /** certificato: the domain is managed by a PEC provider listed in the index (the DTD default) */
    CERTIFIED("certificato"),
    /** esterno: ordinary Internet mail ("posta ordinaria") */
    EXTERNAL("esterno");

    private final String code;

    RecipientType(String code) {
        this.code = code;
    }

    /** The wire value, as in the DTD. */
    public String code() {
        return code;
    }

    /** Exact lookup; empty for null or unknown values. */
    public static Optional<RecipientType> fromCode(String code) {
        for (RecipientType t : values()) {
            if (t.code.equals(code)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
