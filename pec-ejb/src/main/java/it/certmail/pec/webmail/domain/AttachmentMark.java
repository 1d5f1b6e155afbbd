package it.certmail.pec.webmail.domain;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Il segno "allegato" dell'elenco: whether the first bytes of a message name a file part other than the PEC
 * envelope's own ({@code daticert.xml}, {@code postacert.eml}, {@code smime.p7s}). The list reads only a prefix of
 * each message (the store keeps no such column), so an attachment whose headers come after it is not marked;
 * the message page always lists them all.
 */
public final class AttachmentMark {

    /** How much of each message the list reads. */
    public static final int PREFIX_BYTES = 32 * 1024;

    private static final Set<String> ENVELOPE_FILES = Set.of("daticert.xml", "postacert.eml", "smime.p7s",
            "smime.p7m");
    private static final Pattern FILE_NAME = Pattern.compile(
            "(?im)^content-(?:disposition|type):[^\\r\\n]*(?:\\r?\\n[ \\t][^\\r\\n]*)*?\\b(?:file)?name\\*?(?:\\*\\d+\\*?)?=\\s*\"?([^\";\\r\\n]*)");
    private static final Pattern ATTACHMENT = Pattern.compile("(?im)^content-disposition:\\s*attachment\\b");

    private AttachmentMark() {
    }

    public static boolean hasAttachment(byte[] prefix) {
        String head = new String(prefix, StandardCharsets.ISO_8859_1);
        Matcher names = FILE_NAME.matcher(head);
        while (names.find()) {
            String name = names.group(1).strip().toLowerCase(Locale.ROOT);
            if (!name.isEmpty() && !ENVELOPE_FILES.contains(name)) {
                return true;
            }
        }
        Matcher disposition = ATTACHMENT.matcher(head);
        int attachments = 0;
        while (disposition.find()) {
            attachments++;
        }
        // a PEC envelope declares daticert.xml and postacert.eml as attachments: count only more than those
        int envelopeParts = 0;
        for (String f : ENVELOPE_FILES) {
            if (head.toLowerCase(Locale.ROOT).contains(f)) {
                envelopeParts++;
            }
        }
        return attachments > envelopeParts;
    }
}
