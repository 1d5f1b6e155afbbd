package it.certmail.pec.mailbox.domain;

import java.time.Instant;

/**
 * Sommario di un messaggio: the header facts the message lists show and the receipts logic looks up, read from
 * the top-level header block only ({@link MessageSummaryReader}). Every field is {@code null} when absent or
 * unreadable.
 *
 * @param subject               decoded (RFC 2047), unfolded
 * @param messageId             as written, normally with its angle brackets
 * @param xRiferimentoMessageId X-Riferimento-Message-ID, as written
 * @param from                  the From field decoded, e.g. {@code "Per conto di: a@b.it" <posta-certificata@x.it>}
 * @param fromAddress           the first address of From, without display name or brackets
 * @param date                  the Date field, when it parses
 * @param pecKind               a {@code PecMessageKind} name as the headers claim it, or {@link #ORDINARY}
 */
public record MessageSummary(String subject, String messageId, String xRiferimentoMessageId, String from,
        String fromAddress, Instant date, String pecKind) {

    /** {@link #pecKind()} of a message whose headers name no PEC kind. */
    public static final String ORDINARY = "ORDINARY";

    private static final java.util.regex.Pattern PER_CONTO_DI =
            java.util.regex.Pattern.compile("(?i)per conto di:\\s*([^\\s\"<>]+@[^\\s\"<>]+)");

    /**
     * The sender a PEC envelope names in its From display name, {@code "Per conto di: mario@pec.it"
     * <posta-certificata@gestore.it>} (pec-spec §2.2), or null.
     */
    public String onBehalfOf() {
        return perContoDi(from);
    }

    /** The address after "Per conto di:" in a decoded From field, or null. */
    public static String perContoDi(String decodedFrom) {
        if (decodedFrom == null) {
            return null;
        }
        java.util.regex.Matcher m = PER_CONTO_DI.matcher(decodedFrom);
        return m.find() ? m.group(1) : null;
    }

    /** A copy with the kind the caller established (the delivery point knows better than the headers). */
    public MessageSummary withPecKind(String kind) {
        return new MessageSummary(subject, messageId, xRiferimentoMessageId, from, fromAddress, date, kind);
    }
}
