package it.certmail.pec.webmail.domain;

import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.mail.internet.MimeUtility;

import it.certmail.pec.mailbox.domain.MessageSummary;

/**
 * Il vero mittente di una busta PEC: a transport envelope comes From the provider's address with the sender in the
 * display name, {@code "Per conto di: mario@pec.it" <posta-certificata@gestore.it>} (pec-spec §2.2). The list shows
 * that sender; this reads it from the first bytes of the message (the header block).
 */
public final class OnBehalfOf {

    private static final Pattern FROM = Pattern.compile("(?im)^From:[ \\t]*([^\\r\\n]*(?:\\r?\\n[ \\t][^\\r\\n]*)*)");

    private OnBehalfOf() {
    }

    /** The sender named by "Per conto di:" in the From field of this header block, or null. */
    public static String sender(byte[] prefix) {
        String head = new String(prefix, StandardCharsets.ISO_8859_1);
        int end = head.indexOf("\r\n\r\n");
        if (end < 0) {
            end = head.indexOf("\n\n");
        }
        Matcher from = FROM.matcher(end < 0 ? head : head.substring(0, end));
        if (!from.find()) {
            return null;
        }
        String field = from.group(1).replaceAll("\\r?\\n[ \\t]", " ");
        try {
            field = MimeUtility.decodeText(field);
        } catch (UnsupportedEncodingException | RuntimeException e) {
            // an unknown charset: the words as written
        }
        return MessageSummary.perContoDi(field);
    }
}
