package it.certmail.pec.transport.domain;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

import it.certmail.pec.receipts.domain.ReceiptForm;

/**
 * Messaggio composto nella webmail: what the holder wrote, ready to become MIME. There is no Bcc on purpose: a PEC
 * may not have hidden recipients (RFC 6109 §3.1.1, the access point refuses it), so it cannot even be expressed.
 *
 * @param from         the sender's PEC address (the signed-in mailbox)
 * @param to           primary recipients, at least one for sending (a draft may have none)
 * @param cc           carbon-copy recipients
 * @param subject      never null
 * @param text         the plain-text body, never null
 * @param receiptForm  the form of delivery receipt asked for ({@code X-TipoRicevuta})
 * @param inReplyTo    the Message-ID answered (with angle brackets), or null
 * @param references   the thread's Message-IDs, oldest first
 * @param attachments  files on disk, streamed when the message is written
 */
public record OutgoingMail(String from, List<String> to, List<String> cc, String subject, String text,
                           ReceiptForm receiptForm, String inReplyTo, List<String> references,
                           List<Attachment> attachments) {

    /** An attachment kept in a temporary file. */
    public record Attachment(String fileName, String contentType, Path file, long size) {
        public Attachment {
            Objects.requireNonNull(fileName, "fileName");
            contentType = contentType == null || contentType.isBlank() ? "application/octet-stream" : contentType;
            Objects.requireNonNull(file, "file");
        }
    }

    public OutgoingMail {
        Objects.requireNonNull(from, "from");
        to = List.copyOf(to);
        cc = List.copyOf(cc);
        subject = Objects.requireNonNullElse(subject, "");
        text = Objects.requireNonNullElse(text, "");
        receiptForm = Objects.requireNonNullElse(receiptForm, ReceiptForm.COMPLETE);
        references = List.copyOf(references);
        attachments = List.copyOf(attachments);
    }

    /** Every recipient, To then Cc, each once: the envelope's forward paths. */
    public List<String> recipients() {
        return java.util.stream.Stream.concat(to.stream(), cc.stream()).map(a -> a.toLowerCase(java.util.Locale.ROOT))
                .distinct().toList();
    }

    public long attachmentBytes() {
        return attachments.stream().mapToLong(Attachment::size).sum();
    }

    /**
     * A bound on the MIME size: base64 grows attachments by 4/3 plus line ends (76 + 2 per 57 bytes), the text
     * by at most the same, and headers a few kilobytes.
     */
    public long estimatedMimeBytes() {
        long encoded = 0;
        for (Attachment a : attachments) {
            encoded += base64Size(a.size()) + 512;
        }
        return encoded + base64Size(text.length() * 4L) + 8192;
    }

    static long base64Size(long bytes) {
        long lines = (bytes + 56) / 57;
        return lines * 78;
    }
}
