package it.certmail.pec.access.imap.domain;

import java.util.Locale;

/**
 * Campo di intestazione: one header field with its unfolded value, bytes kept as ISO-8859-1 chars so that 8-bit
 * values go back to the wire unchanged.
 */
public record HeaderField(String name, String value) {

    public boolean is(String other) {
        return name.equalsIgnoreCase(other);
    }

    public String lowerName() {
        return name.toLowerCase(Locale.ROOT);
    }
}
