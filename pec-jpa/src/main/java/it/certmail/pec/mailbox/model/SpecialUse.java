package it.certmail.pec.mailbox.model;

/** Uso speciale di una cartella (RFC 6154): how clients recognise the Sent, Drafts, Trash and Archive folders. */
public enum SpecialUse {
    SENT("\\Sent"),
    DRAFTS("\\Drafts"),
    TRASH("\\Trash"),
    ARCHIVE("\\Archive");

    private final String attribute;

    SpecialUse(String attribute) {
        this.attribute = attribute;
    }

    /** The IMAP attribute, e.g. {@code \Sent}; also the stored column value. */
    public String attribute() {
        return attribute;
    }

    static SpecialUse fromAttribute(String attribute) {
        if (attribute == null) {
            return null;
        }
        for (SpecialUse u : values()) {
            if (u.attribute.equalsIgnoreCase(attribute)) {
                return u;
            }
        }
        return null;
    }
}
