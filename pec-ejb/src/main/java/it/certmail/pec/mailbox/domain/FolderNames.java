package it.certmail.pec.mailbox.domain;

/**
 * Nomi delle cartelle: how a folder name is written and which names may exist, the same for every store of
 * messages (the JPA one and the in-memory one of the access tests).
 */
public final class FolderNames {

    public static final String INBOX = "INBOX";

    /** Longest folder name the store keeps (its column). */
    public static final int MAX_LENGTH = 255;

    private FolderNames() {
    }

    /** {@code INBOX} is case-insensitive (RFC 3501 §5.1); every other name is kept as given. */
    public static String canonical(String folderName) {
        return folderName == null || folderName.equalsIgnoreCase(INBOX) ? INBOX : folderName;
    }

    /**
     * A name a new (or renamed) folder may take: stripped, canonical, not empty, at most {@link #MAX_LENGTH}
     * characters, no empty hierarchy level, no control characters.
     *
     * @throws InvalidMailboxRequestException if it is none of that
     */
    public static String checked(String folderName) throws InvalidMailboxRequestException {
        String name = canonical(folderName == null ? "" : folderName.strip());
        if (name.isEmpty() || name.length() > MAX_LENGTH || name.startsWith("/") || name.endsWith("/")
                || name.contains("//") || name.chars().anyMatch(c -> c < 0x20 || c == 0x7F)) {
            throw new InvalidMailboxRequestException("not a valid folder name: " + folderName);
        }
        return name;
    }

    /**
     * Whether the subfolders of {@code from} may be renamed below {@code to}: none of their new names may exist
     * (not even as the name of another folder being renamed: the names change one by one).
     *
     * @param existing every folder name of the mailbox
     * @throws MailboxConflictException if a new name exists
     */
    public static void checkSubfoldersFree(String from, String to, java.util.Collection<String> existing)
            throws MailboxConflictException {
        String prefix = from + "/";
        for (String name : existing) {
            if (name.startsWith(prefix) && existing.contains(to + name.substring(from.length()))) {
                throw new MailboxConflictException("the folder " + to + name.substring(from.length()) + " exists");
            }
        }
    }
}
