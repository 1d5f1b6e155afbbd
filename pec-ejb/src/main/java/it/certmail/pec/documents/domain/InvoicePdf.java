package it.certmail.pec.documents.domain;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

import it.certmail.pec.billing.domain.Money;

/** Fattura as a PDF: the provider, the holder, the order's line, taxable amount, VAT and total. Italian, as invoices are. */
public final class InvoicePdf {

    /** Everything the invoice shows; amounts in cents. */
    public record Data(String providerName, String providerDomain, String number, Instant issuedAt, String holderName,
            String mailboxAddress, String description, long netCents, String discountCode, long discountCents,
            long taxableCents, int vatBps, long vatCents, long totalCents, String paymentRef) {
    }

    private static final Locale IT = Locale.ITALIAN;

    private InvoicePdf() {
    }

    public static byte[] render(Data d, ZoneId zone) {
        String date = DateTimeFormatter.ofPattern("dd/MM/yyyy").withZone(zone).format(d.issuedAt());
        PdfText pdf = new PdfText(d.providerName() + " - Fattura " + d.number());
        pdf.heading(d.providerName())
                .paragraph("Gestore di Posta Elettronica Certificata - " + d.providerDomain())
                .rule()
                .heading("Fattura n. " + d.number())
                .field("Data", date)
                .gap(6)
                .subheading("Intestatario")
                .field("Nome", d.holderName())
                .field("Casella PEC", d.mailboxAddress())
                .gap(6)
                .subheading("Dettaglio")
                .field("Descrizione", d.description())
                .field("Importo", Money.cents(d.netCents()).format(IT));
        if (d.discountCode() != null && d.discountCents() != 0) {
            pdf.field("Sconto (" + d.discountCode() + ")", "- " + Money.cents(d.discountCents()).format(IT));
        }
        pdf.field("Imponibile", Money.cents(d.taxableCents()).format(IT))
                .field("IVA " + vatPercent(d.vatBps()), Money.cents(d.vatCents()).format(IT))
                .rule()
                .field("Totale", Money.cents(d.totalCents()).format(IT));
        if (d.paymentRef() != null) {
            pdf.gap(6).field("Pagamento", d.paymentRef());
        }
        return pdf.finish("Fattura " + d.number(), d.providerName(), d.issuedAt(), "invoice:" + d.number());
    }

    /** {@code 2200} basis points: {@code 22%}; {@code 450}: {@code 4,5%}. */
    static String vatPercent(int basisPoints) {
        java.math.BigDecimal p = java.math.BigDecimal.valueOf(basisPoints, 2).stripTrailingZeros();
        return p.toPlainString().replace('.', ',') + "%";
    }
}
