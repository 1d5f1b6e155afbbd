package it.certmail.pec.documents.domain;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * Estratto del registro (log) dei messaggi as a PDF: for the holder's own transmissions over a period, every log
 * entry with the fields of RFC 6109 §2.3 (message id, date and time, sender, recipients, subject, event type,
 * related message ids, sending provider), labelled in Italian or English. Times in UTC as the log keeps them, and in
 * Italian legal time. The provider signs the bytes apart (detached CMS); this class only lays them out.
 */
public final class LogExtractPdf {

    /** One log entry, as the official log holds it. */
    public record Entry(Instant at, String type, String msgid, String sender, String recipients, String subject,
            String generatedIds, String sendingProvider, String detail) {
    }

    /** Who asked, for which mailbox and period, and when the extract was made. */
    public record Header(String providerName, String providerDomain, String mailboxAddress, Instant from,
            Instant to, Instant madeAt, long reference) {
    }

    private LogExtractPdf() {
    }

    public static byte[] render(Header h, List<Entry> entries, ZoneId zone, DocumentLanguage lang) {
        DateTimeFormatter local = DateTimeFormatter.ofPattern("dd/MM/yyyy HH:mm:ss").withZone(zone);
        PdfText pdf = new PdfText(h.providerName() + lang.pick(" - Estratto del registro n. ", " - Official Log extract no. ")
                + h.reference() + " - " + h.mailboxAddress());
        pdf.heading(lang.pick("Estratto del registro dei messaggi PEC", "PEC Official Log extract"))
                .field(lang.pick("Gestore", "Provider"), h.providerName() + " (" + h.providerDomain() + ")")
                .field(lang.pick("Casella", "Mailbox"), h.mailboxAddress())
                .field(lang.pick("Periodo", "Period"), local.format(h.from()) + " - " + local.format(h.to()) + " (" + zone + ")")
                .field(lang.pick("Estratto n.", "Extract no."), Long.toString(h.reference()))
                .field(lang.pick("Prodotto il", "Made"), local.format(h.madeAt()) + " (" + zone + ")")
                .field(lang.pick("Voci", "Entries"), Integer.toString(entries.size()))
                .paragraph(lang.pick("Ogni voce del registro relativa alle trasmissioni della casella nel periodo"
                        + " (RFC 6109 §2.3). Il documento è firmato dal gestore con firma CMS separata (file .p7s).",
                        "Every log entry of the mailbox's transmissions in the period (RFC 6109 §2.3). The provider"
                        + " signs this document with a detached CMS signature (.p7s file)."))
                .rule();
        int n = 0;
        for (Entry e : entries) {
            n++;
            pdf.keep(60).smallBold(n + ". " + DateTimeFormatter.ISO_INSTANT.format(e.at()) + "  ("
                    + local.format(e.at()) + ")  " + e.type())
                    .smallField("Message-ID", e.msgid());
            if (e.sender() != null) {
                pdf.smallField(lang.pick("Mittente", "Sender"), e.sender());
            }
            if (e.recipients() != null) {
                pdf.smallField(lang.pick("Destinatari", "To"), e.recipients());
            }
            if (e.subject() != null) {
                pdf.smallField(lang.pick("Oggetto", "Subject"), e.subject());
            }
            if (e.generatedIds() != null) {
                pdf.smallField(lang.pick("ID generati", "Related IDs"), e.generatedIds());
            }
            if (e.sendingProvider() != null) {
                pdf.smallField(lang.pick("Gestore mittente", "Sending provider"), e.sendingProvider());
            }
            if (e.detail() != null) {
                pdf.smallField(lang.pick("Dettaglio", "Detail"), e.detail());
            }
            pdf.gap(4);
        }
        return pdf.finish(lang.pick("Estratto del registro PEC ", "PEC Official Log extract ") + h.mailboxAddress(),
                h.providerName(), h.madeAt(), "log-extract:" + h.reference() + ":" + h.mailboxAddress() + ":" + h.madeAt());
    }
}
