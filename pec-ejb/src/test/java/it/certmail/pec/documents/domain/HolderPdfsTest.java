package it.certmail.pec.documents.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;

class HolderPdfsTest {

    private static final ZoneId ROME = ZoneId.of("Europe/Rome");
    private static final Instant ISSUED = Instant.parse("2026-03-10T09:30:00Z");

    static String text(byte[] pdf) throws IOException {
        try (PDDocument d = Loader.loadPDF(pdf)) {
            return new PDFTextStripper().getText(d);
        }
    }

    private static ContractPdf.Data contract() {
        return new ContractPdf.Data("Certmail S.p.A.", "pec.certmail.example", "Mario Rossi", "mario@example.org",
                "mario.rossi@pec.certmail.example", "PEC Standard", 24, 500, 2200, ISSUED,
                Instant.parse("2028-03-10T09:30:00Z"), true, "2026-01", ISSUED);
    }

    @Test
    void invoiceShowsItsNumberHolderAndAmountsInItalian() throws IOException {
        byte[] pdf = InvoicePdf.render(new InvoicePdf.Data("Certmail S.p.A.", "pec.certmail.example", "2026/000007",
                ISSUED, "Mario Rossi", "mario.rossi@pec.certmail.example", "Rinnovo PEC Standard 1 anno", 5000,
                "WELCOME10", 500, 4500, 2200, 990, 5490, "sandbox-42"), ROME, DocumentLanguage.IT);
        String text = text(pdf);
        assertThat(new String(pdf, 0, 5)).isEqualTo("%PDF-");
        assertThat(text).contains("Fattura n. 2026/000007", "Mario Rossi", "mario.rossi@pec.certmail.example",
                "Rinnovo PEC Standard 1 anno", "10/03/2026", "WELCOME10", "IVA 22%")
                .contains("54,90\u00a0€").contains("45,00\u00a0€");
    }

    @Test
    void contractFromTheTemplateStatesHolderPlanTermPriceVersionAndDate() throws IOException {
        String text = text(ContractPdf.render(contract(), ROME, DocumentLanguage.IT));
        assertThat(text).contains("Contratto di fornitura", "Mario Rossi", "mario@example.org",
                "mario.rossi@pec.certmail.example", "PEC Standard", "2 anni", "5,00\u00a0€", "IVA 22%", "versione 2026-01",
                "Contratto concluso il 10/03/2026", "10/03/2028", "opponibilità").doesNotContain("{{");
    }

    @Test
    void theSameContractDataGivesTheSameBytes() {
        for (DocumentLanguage lang : DocumentLanguage.values()) {
            assertThat(ContractPdf.render(contract(), ROME, lang)).as(lang.name())
                    .isEqualTo(ContractPdf.render(contract(), ROME, lang));
        }
        assertThat(ContractPdf.render(contract(), ROME, DocumentLanguage.EN))
                .isNotEqualTo(ContractPdf.render(contract(), ROME, DocumentLanguage.IT));
    }

    @Test
    void invoiceContractAndExtractShouldSpeakEnglishForAnEnglishPage() throws IOException {
        String invoice = text(InvoicePdf.render(new InvoicePdf.Data("Certmail S.p.A.", "pec.certmail.example",
                "2026/000007", ISSUED, "Mario Rossi", "mario.rossi@pec.certmail.example", "Rinnovo PEC Standard 1 anno",
                5000, "WELCOME10", 500, 4500, 450, 203, 4703, "sandbox-42"), ROME, DocumentLanguage.EN));
        assertThat(invoice).contains("Invoice no. 2026/000007", "Billed to", "Taxable amount", "VAT 4.5%", "Total",
                "Discount (WELCOME10)", "€47.03").doesNotContain("Fattura", "Imponibile", "Totale");

        String contract = text(ContractPdf.render(contract(), ROME, DocumentLanguage.EN));
        assertThat(contract).contains("Contract for the supply", "Mario Rossi", "PEC Standard", "Term: 2 years",
                "€5.00 per year, VAT 22% excluded", "Automatic renewal: on", "version 2026-01",
                "Contract concluded on 10/03/2026", "thirty days").doesNotContain("{{", "Contratto", "anni");

        String extract = text(LogExtractPdf.render(new LogExtractPdf.Header("Certmail S.p.A.", "pec.certmail.example",
                "mario.rossi@pec.certmail.example", ISSUED, ISSUED.plusSeconds(86400), ISSUED.plusSeconds(90000), 18),
                List.of(new LogExtractPdf.Entry(ISSUED, "ACCEPTANCE", "<opec-1@pec.certmail.example>",
                        "mario.rossi@pec.certmail.example", "anna@pec.other.example", "Prova", null, null, null)),
                ROME, DocumentLanguage.EN));
        assertThat(extract).contains("PEC Official Log extract", "Extract no.", "Entries", "Sender", "Subject")
                .doesNotContain("Voci", "Mittente", "Oggetto");
        String italian = text(LogExtractPdf.render(new LogExtractPdf.Header("Certmail S.p.A.", "pec.certmail.example",
                "mario.rossi@pec.certmail.example", ISSUED, ISSUED.plusSeconds(86400), ISSUED.plusSeconds(90000), 18),
                List.of(), ROME, DocumentLanguage.IT));
        assertThat(italian).contains("Estratto del registro dei messaggi PEC", "Voci").doesNotContain("Entries");
    }

    @Test
    void theLanguageShouldFollowThePageTagWithItalianByDefault() {
        assertThat(DocumentLanguage.of("en")).isEqualTo(DocumentLanguage.EN);
        assertThat(DocumentLanguage.of("en-GB")).isEqualTo(DocumentLanguage.EN);
        assertThat(DocumentLanguage.of("it")).isEqualTo(DocumentLanguage.IT);
        assertThat(DocumentLanguage.of(null)).isEqualTo(DocumentLanguage.IT);
        assertThat(DocumentLanguage.of("de")).isEqualTo(DocumentLanguage.IT);
    }

    @Test
    void anUnknownPlaceholderIsABrokenTemplateNotABlank() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ContractPdf.fill("x {{nope}}", java.util.Map.of()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("nope");
    }

    @Test
    void logExtractHasEveryEntryWithItsFieldsOverSeveralPages() throws IOException {
        List<LogExtractPdf.Entry> entries = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            entries.add(new LogExtractPdf.Entry(ISSUED.plusSeconds(i), i % 2 == 0 ? "ACCEPTANCE" : "DELIVERY",
                    "<opec-" + i + "@pec.certmail.example>", "mario.rossi@pec.certmail.example",
                    "anna@pec.other.example bruno@pec.other.example", "Oggetto n. " + i + " — città ✓",
                    i % 2 == 0 ? null : "<delivery-" + i + "@pec.other.example>", "pec.certmail.example", null));
        }
        byte[] pdf = LogExtractPdf.render(new LogExtractPdf.Header("Certmail S.p.A.", "pec.certmail.example",
                "mario.rossi@pec.certmail.example", ISSUED, ISSUED.plusSeconds(86400), ISSUED.plusSeconds(90000), 17),
                entries, ROME, DocumentLanguage.EN);
        String text = text(pdf);
        for (int i = 0; i < 300; i++) {
            assertThat(text).contains("<opec-" + i + "@pec.certmail.example>");
        }
        assertThat(text).contains("Extract no.", "Entries", "DELIVERY", "ACCEPTANCE",
                "<delivery-1@pec.other.example>", "Oggetto n. 5 — città ?", "2026-03-10T09:30:00Z");
        try (PDDocument d = Loader.loadPDF(pdf)) {
            assertThat(d.getNumberOfPages()).isGreaterThan(5);
        }
    }

    @Test
    void aWordLongerThanTheLineIsCutNotLost() {
        String id = "<" + "x".repeat(400) + "@pec.certmail.example>";
        List<String> lines = PdfText.wrap(id, new org.apache.pdfbox.pdmodel.font.PDType1Font(
                org.apache.pdfbox.pdmodel.font.Standard14Fonts.FontName.HELVETICA), 8, 300);
        assertThat(lines).hasSizeGreaterThan(1);
        assertThat(String.join("", lines)).isEqualTo(id);
    }
}
