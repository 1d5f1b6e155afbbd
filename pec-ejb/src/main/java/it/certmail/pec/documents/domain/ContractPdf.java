package it.certmail.pec.documents.domain;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import it.certmail.pec.mailbox.billing.domain.Money;

/**
 * Contratto as a PDF, from the template beside this class ({@code contract.txt} in Italian, {@code contract_en.txt} in
 * English): {@code # } starts the title, {@code ## } a section, any other line is a paragraph, and {@code {{name}}}
 * is replaced by the holder's data. The same data and language give the same bytes; the service keeps the first ones
 * of each language anyway.
 */
public final class ContractPdf {

    /** The holder's data, plan, term, price and conditions version the contract states. */
    public record Data(String providerName, String providerDomain, String holderName, String referenceEmail,
            String mailboxAddress, String planName, int termMonths, long yearlyPriceCents, int vatBps,
            Instant activatedAt, Instant expiresAt, boolean autoRenew, String conditionsVersion, Instant contractDate) {
    }

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([A-Za-z]+)}}");
    private static final Map<DocumentLanguage, String> TEMPLATES = Map.of(DocumentLanguage.IT, template("contract.txt"),
            DocumentLanguage.EN, template("contract_en.txt"));

    private ContractPdf() {
    }

    public static byte[] render(Data d, ZoneId zone, DocumentLanguage lang) {
        DateTimeFormatter date = DateTimeFormatter.ofPattern("dd/MM/yyyy").withZone(zone);
        Map<String, String> values = new LinkedHashMap<>();
        values.put("providerName", d.providerName());
        values.put("providerDomain", d.providerDomain());
        values.put("holderName", d.holderName());
        values.put("referenceEmail", d.referenceEmail() == null ? "-" : d.referenceEmail());
        values.put("mailboxAddress", d.mailboxAddress());
        values.put("planName", d.planName());
        values.put("term", term(d.termMonths(), lang));
        values.put("price", Money.cents(d.yearlyPriceCents()).format(lang.locale()));
        values.put("vat", InvoicePdf.vatPercent(d.vatBps(), lang));
        values.put("activatedAt", d.activatedAt() == null ? "-" : date.format(d.activatedAt()));
        values.put("expiresAt", d.expiresAt() == null ? "-" : date.format(d.expiresAt()));
        values.put("autoRenew", d.autoRenew() ? lang.pick("attivo", "on") : lang.pick("non attivo", "off"));
        values.put("conditionsVersion", d.conditionsVersion());
        values.put("contractDate", date.format(d.contractDate()));
        String title = lang.pick("Contratto PEC ", "PEC contract ") + d.mailboxAddress();
        PdfText pdf = new PdfText(d.providerName() + " - " + title);
        for (String line : fill(TEMPLATES.get(lang), values).split("\n")) {
            if (line.startsWith("## ")) {
                pdf.gap(4).subheading(line.substring(3));
            } else if (line.startsWith("# ")) {
                pdf.heading(line.substring(2));
            } else if (!line.isBlank()) {
                pdf.paragraph(line);
            }
        }
        return pdf.finish(title, d.providerName(), d.contractDate(), "contract:" + d.mailboxAddress() + ":"
                + d.conditionsVersion() + ":" + d.contractDate() + (lang == DocumentLanguage.IT ? "" : ":" + lang.code()));
    }

    /** Replaces every {@code {{name}}}; a name the data lacks is a broken template, not a blank in a contract. */
    static String fill(String template, Map<String, String> values) {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = values.get(m.group(1));
            if (value == null) {
                throw new IllegalStateException("the contract template names an unknown value: " + m.group(1));
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    static String term(int months, DocumentLanguage lang) {
        if (months % 12 == 0) {
            int years = months / 12;
            return years == 1 ? lang.pick("1 anno", "1 year") : years + lang.pick(" anni", " years");
        }
        return months == 1 ? lang.pick("1 mese", "1 month") : months + lang.pick(" mesi", " months");
    }

    private static String template(String name) {
        try (InputStream in = ContractPdf.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing beside ContractPdf");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
