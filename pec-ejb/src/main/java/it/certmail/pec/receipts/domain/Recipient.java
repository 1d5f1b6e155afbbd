package it.certmail.pec.receipts.domain;

import java.util.Objects;

/**
 * Destinatario: one recipient of the original message with its type, as listed in daticert.xml.
 *
 * @param address bare address (no angle brackets, no display name)
 * @param type    certificato or esterno
 */
public record Recipient(String address, RecipientType type) {

    public Recipient {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(type, "type");
    }

    /** A PEC recipient. */
    public static Recipient certified(String address) {
        return new Recipient(address, RecipientType.CERTIFIED);
    }

    /** An ordinary-mail recipient. */
    public static Recipient external(String address) {
        return new Recipient(address, RecipientType.EXTERNAL);
    }
}
