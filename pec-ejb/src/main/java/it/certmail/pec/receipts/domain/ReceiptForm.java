package it.certmail.pec.receipts.domain;

import java.util.Locale;
import java.util.Optional;

/**
 * Tipo di ricevuta di avvenuta consegna ({@code X-TipoRicevuta}, {@code <ricevuta tipo=…/>}, RFC 6109 §3.3.2).
 */
public enum ReceiptForm {
    /** completa: the original with all its attachments (the default) */
    COMPLETE("completa"),
    /** breve: the original with every attachment replaced by its SHA-1 hash */
    BRIEF("breve"),
    /** sintetica: no original */
    CONCISE("sintetica");

    private final String code;

    ReceiptForm(String code) {
        this.code = code;
    }

    /** The wire value, as in the DTD and in {@code X-TipoRicevuta}. */
    public String code() {
        return code;
    }

    /**
     * Lenient parse of an {@code X-TipoRicevuta} value: case-insensitive and trimmed (real headers vary, e.g.
     * {@code X-Tiporicevuta: breve}); null, blank or unknown values mean {@link #COMPLETE}, the RFC default.
     */
    public static ReceiptForm parse(String value) {
        return fromCode(value == null ? null : value.trim().toLowerCase(Locale.ROOT)).orElse(COMPLETE);
    }

    /** Exact lookup; empty for null or unknown values. */
    public static Optional<ReceiptForm> fromCode(String code) {
        for (ReceiptForm f : values()) {
            if (f.code.equals(code)) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }

    /**
     * The form a given recipient gets (RFC 6109 §3.3.2.1): primary ({@code To:}) recipients get the requested
     * form, carbon-copy recipients always get the concise one. Callers that cannot tell To from Cc pass
     * {@code primary = true}.
     */
    public ReceiptForm forRecipient(boolean primary) {
        return primary ? this : CONCISE;
    }
}
