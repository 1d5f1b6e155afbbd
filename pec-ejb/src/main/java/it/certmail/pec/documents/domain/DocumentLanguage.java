package it.certmail.pec.documents.domain;

import java.util.Locale;

/**
 * Lingua di un documento: the holder's documents (invoice, contract, log extract) are made in Italian or English,
 * following the language of the page they are asked from. Italian is the service's language and the default.
 */
public enum DocumentLanguage {
    IT(Locale.ITALIAN),
    EN(Locale.ENGLISH);

    private final Locale locale;

    DocumentLanguage(Locale locale) {
        this.locale = locale;
    }

    /** {@code en} (any case, or a tag such as {@code en-GB}) is English; anything else, or none, Italian. */
    public static DocumentLanguage of(String tag) {
        return tag != null && tag.strip().toLowerCase(Locale.ROOT).startsWith("en") ? EN : IT;
    }

    /** The two-letter code stored with kept documents ({@code it}, {@code en}). */
    public String code() {
        return locale.getLanguage();
    }

    /** For amounts ({@code 54,90 €} or {@code €54.90}). */
    public Locale locale() {
        return locale;
    }

    /** The Italian or the English text. */
    public String pick(String italian, String english) {
        return this == IT ? italian : english;
    }
}
