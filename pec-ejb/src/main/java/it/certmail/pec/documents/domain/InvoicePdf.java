package it.certmail.pec.documents.domain;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

import it.certmail.pec.mailbox.billing.domain.Money;

/**
 * Fattura as a PDF: the provider, the holder, the order's line, taxable amount, VAT and total, in Italian or English
 * (the same invoice, its labels in the holder's language; made anew at each download).
 */
public final class InvoicePdf {

    /** Everything the invoice shows; amounts in cents. */
    public record Data(String providerName, String providerDomain, String number, Instant issuedAt, String holderName,
            String mailboxAddress, String description, long netCents, String discountCode, long discountCents,
            long taxableCents, int vatBps, long vatCents, long totalCents, String paymentRef) {
    }

    private InvoicePdf() {
    }

    public static byte[] render(Data d, ZoneId zone, DocumentLanguage lang) {
        String date = DateTimeFormatter.ofPattern("dd/MM/yyyy").withZone(zone).format(d.issuedAt());
        Locale money = lang.locale();
        String title = lang.pick("Fattura ", "Invoice ") + d.number();
        PdfText pdf = new PdfText(d.providerName() + " - " + title);
        pdf.heading(d.providerName())
                .paragraph(lang.pick("Gestore di Posta Elettronica Certificata - ", "Certified e-mail (PEC) provider - ")
                        + d.providerDomain())
                .rule()
                .heading(lang.pick("Fattura n. ", "Invoice no. ") + d.number())
                .field(lang.pick("Data", "Date"), date)
                .gap(6)
                .subheading(lang.pick("Intestatario", "Billed to"))
                .field(lang.pick("Nome", "Name"), d.holderName())
                .field(lang.pick("Casella PEC", "PEC mailbox"), d.mailboxAddress())
                .gap(6)
                .subheading(lang.pick("Dettaglio", "Details"))
                .field(lang.pick("Descrizione", "Description"), d.description())
                .field(lang.pick("Importo", "Amount"), Money.cents(d.netCents()).format(money));
        if (d.discountCode() != null && d.discountCents() != 0) {
            pdf.field(lang.pick("Sconto (", "Discount (") + d.discountCode() + ")",
                    "- " + Money.cents(d.discountCents()).format(money));
        }
        pdf.field(lang.pick("Imponibile", "Taxable amount"), Money.cents(d.taxableCents()).format(money))
                .field(lang.pick("IVA ", "VAT ") + vatPercent(d.vatBps(), lang), Money.cents(d.vatCents()).format(money))
                .rule()
                .field(lang.pick("Totale", "Total"), Money.cents(d.totalCents()).format(money));
        if (d.paymentRef() != null) {
            pdf.gap(6).field(lang.pick("Pagamento", "Payment"), d.paymentRef());
        }
        return pdf.finish(title, d.providerName(), d.issuedAt(), "invoice:" + d.number()
                + (lang == DocumentLanguage.IT ? "" : ":" + lang.code()));
    }

    /** {@code 2200} basis points: {@code 22%}; {@code 450}: {@code 4,5%} ({@code 4.5%} in English). */
    static String vatPercent(int basisPoints, DocumentLanguage lang) {
        java.math.BigDecimal p = java.math.BigDecimal.valueOf(basisPoints, 2).stripTrailingZeros();
        return (lang == DocumentLanguage.IT ? p.toPlainString().replace('.', ',') : p.toPlainString()) + "%";
    }
}
