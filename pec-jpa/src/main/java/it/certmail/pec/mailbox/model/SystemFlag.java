package it.certmail.pec.mailbox.model;

import java.util.Optional;

/** Flag di sistema IMAP (RFC 3501 §2.3.2): the five flags a client may set, each a column of {@code stored_message}. */
public enum SystemFlag {
    SEEN("\\Seen"),
    ANSWERED("\\Answered"),
    FLAGGED("\\Flagged"),
    DELETED("\\Deleted"),
    DRAFT("\\Draft");

    private final String imapName;

    SystemFlag(String imapName) {
        this.imapName = imapName;
    }

    /** As written in IMAP, e.g. {@code \Seen}. */
    public String imapName() {
        return imapName;
    }

    /** The flag named {@code name} (case-insensitive, with its backslash); empty for keywords and unknown flags. */
    public static Optional<SystemFlag> fromImapName(String name) {
        for (SystemFlag f : values()) {
            if (f.imapName.equalsIgnoreCase(name)) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }
}
