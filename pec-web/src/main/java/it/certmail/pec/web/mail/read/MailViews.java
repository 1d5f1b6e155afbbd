package it.certmail.pec.web.mail.read;

import java.io.Serializable;
import java.time.Instant;
import java.util.List;

/** What the webmail's reading pages show, detached from the store (the page beans keep these between requests). */
public final class MailViews {

    private MailViews() {
    }

    /**
     * A folder in the aside.
     *
     * @param labelKey bundle key of a special folder's name (INBOX, Sent...), null for the holder's own folders
     */
    public record Folder(String name, String labelKey, boolean own, long messages, long unseen)
            implements Serializable {
    }

    /** A row of the message list. @param badge a PecBadge key */
    public record Row(long uid, String from, String subject, Instant date, long size, boolean attachment,
            String badge, boolean seen, boolean flagged) implements Serializable {
    }

    /** A page of the list and whether older messages follow. */
    public record Page(List<Row> rows, boolean more) implements Serializable {
    }

    /** The signature verdict in words. @param valid a valid signature with a trusted chain */
    public record Signature(boolean signed, boolean valid, boolean fromProvider, String signer, String provider,
            Instant signingTime) implements Serializable {
    }

    /** The daticert in words: bundle keys and values. */
    public record Certification(String typeKey, String sender, List<Recipient> recipients, Instant time,
            String identifier, String subject, String issuer, String delivery, String errorKey,
            String extendedError) implements Serializable {
    }

    public record Recipient(String address, String typeKey) implements Serializable {
    }

    public record Attachment(String path, String fileName, String contentType, long size) implements Serializable {
    }

    /**
     * An opened message.
     *
     * @param original      the shown part is the original of a PEC envelope (postacert.eml)
     * @param html          the body is HTML (shown in the sandboxed frame); else {@code text}
     * @param blockedRemote remote images and urls held back in the HTML body
     * @param reference     X-Riferimento-Message-ID of a receipt, null otherwise
     * @param referenceFolder the folder holding the message the receipt certifies, null when not found
     * @param referenceUid  its UID there, 0 when not found
     */
    public record Message(String folder, long uid, String badge, boolean receipt, boolean seen, boolean flagged,
            String subject, String from, List<String> to, List<String> cc, Instant date, long size,
            boolean original, boolean hasBody, boolean html, String text, boolean truncated, int blockedRemote,
            List<Attachment> attachments, Signature signature, Certification certification, String reference,
            String referenceFolder, long referenceUid) implements Serializable {
    }
}
