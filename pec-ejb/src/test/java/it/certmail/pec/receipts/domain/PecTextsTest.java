package it.certmail.pec.receipts.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.List;

import org.junit.jupiter.api.Test;

class PecTextsTest {

    private static final ZonedDateTime T = PecTime.local(Instant.ofEpochSecond(1542123566));
    private static final String ID = "opec288.20181113163926.01838.310.1.63@pec.aruba.it";

    @Test
    void acceptanceShouldFollowArubaWording() {
        PecText t = PecTexts.acceptance(T, "IT03339130126_00009.xml", "l.battistini@pec.it",
                List.of(Recipient.certified("l.battistini@pec.it"), Recipient.external("x@example.com")), ID);
        assertThat(t.plain()).contains("Il giorno 13/11/2018 alle ore 16:39:26 (+0100) il messaggio\r\n")
                .contains("\"IT03339130126_00009.xml\" proveniente da \"l.battistini@pec.it\"")
                .contains("l.battistini@pec.it (\"posta certificata\")")
                .contains("x@example.com (\"posta ordinaria\")")
                .contains("Il messaggio è stato accettato dal sistema ed inoltrato.")
                .contains("Identificativo messaggio: " + ID);
        assertThat(t.html()).contains("<title>Ricevuta di accettazione</title>")
                .contains("&quot;IT03339130126_00009.xml&quot; proveniente da &quot;l.battistini@pec.it&quot;")
                .contains("Il messaggio &#232; stato accettato dal sistema ed inoltrato.<br>");
    }

    @Test
    void htmlShouldEscapeHostileValuesAndStaySelfContained() {
        PecText t = PecTexts.deliveryFailure(T, "<script src=\"http://evil/x.js\"></script><img src=x>",
                "a@b.it", "c@d.it", "5.1.1 <b>no</b>", ID);
        assertThat(t.html()).doesNotContain("<script").doesNotContain("<img").doesNotContain("src=\"")
                .contains("&lt;script src=&quot;http://evil/x.js&quot;&gt;");
        String withoutOwnTags = t.html().replaceAll("</?(html|head|title|body|h3|hr|br)>", "");
        assertThat(withoutOwnTags).doesNotContain("<").doesNotContain(">");
    }

    @Test
    void textsShouldBeIsoLatin1SafeAndHtmlAscii() {
        PecText t = PecTexts.transportEnvelope(T, "Prezzo 10 € 😀 àèìòù", "a@b.it",
                List.of(Recipient.certified("c@d.it")), ID);
        assertThat(StandardCharsets.ISO_8859_1.newEncoder().canEncode(t.plain())).isTrue();
        assertThat(StandardCharsets.US_ASCII.newEncoder().canEncode(t.html())).isTrue();
        assertThat(t.plain()).contains("Prezzo 10 ? ? àèìòù");
        assertThat(t.html()).contains("&#8364;").contains("&#128512;");
    }

    @Test
    void everyKindTextShouldCarryItsKeyFactsInBothAlternatives() {
        List<Recipient> rs = List.of(Recipient.certified("r@pec.it"));
        List<PecText> all = List.of(
                PecTexts.transportEnvelope(T, "Oggetto", "s@pec.it", rs, ID),
                PecTexts.acceptance(T, "Oggetto", "s@pec.it", rs, ID),
                PecTexts.nonAcceptance(T, "Oggetto", "s@pec.it", rs, "Bcc non ammesso", ID),
                PecTexts.nonAcceptanceVirus(T, "Oggetto", "s@pec.it", rs, "EICAR", ID),
                PecTexts.takeCharge(T, "Oggetto", "s@pec.it", rs, ID),
                PecTexts.delivery(T, "Oggetto", "s@pec.it", "r@pec.it", ReceiptForm.COMPLETE, ID),
                PecTexts.delivery(T, "Oggetto", "s@pec.it", "r@pec.it", ReceiptForm.BRIEF, ID),
                PecTexts.delivery(T, "Oggetto", "s@pec.it", "r@pec.it", ReceiptForm.CONCISE, ID),
                PecTexts.deliveryFailure(T, "Oggetto", "s@pec.it", "r@pec.it", "casella piena", ID),
                PecTexts.deliveryFailureVirus(T, "Oggetto", "s@pec.it", "r@pec.it", "EICAR", ID),
                PecTexts.deliveryTimeout(T, "Oggetto", "s@pec.it", "r@pec.it", TimeoutStage.WARNING_12_HOURS, ID),
                PecTexts.deliveryTimeout(T, "Oggetto", "s@pec.it", "r@pec.it", TimeoutStage.FINAL_24_HOURS, ID),
                PecTexts.virusDetection(T, "Oggetto", "s@pec.it", "r@pec.it", "EICAR", ID));
        for (PecText t : all) {
            for (String s : List.of(t.plain(), t.html())) {
                assertThat(s).contains("13/11/2018").contains("16:39:26").contains("(+0100)").contains("Oggetto")
                        .contains("s@pec.it").contains("r@pec.it").contains(ID);
            }
        }
        assertThat(all.stream().map(PecText::title).distinct()).hasSize(all.size());
        PecText anomaly = PecTexts.anomaly(T, "Oggetto", "s@x.it", List.of("r@pec.it"), "firma non valida");
        assertThat(anomaly.plain()).contains("Tali dati non sono stati certificati per il seguente errore: "
                + "firma non valida.");
        assertThat(anomaly.html()).contains("firma non valida");
    }

    @Test
    void timeoutTextsShouldDifferBetweenTwelveAndTwentyFourHours() {
        String w = PecTexts.deliveryTimeout(T, "O", "s@pec.it", "r@pec.it", TimeoutStage.WARNING_12_HOURS, ID).plain();
        String f = PecTexts.deliveryTimeout(T, "O", "s@pec.it", "r@pec.it", TimeoutStage.FINAL_24_HOURS, ID).plain();
        assertThat(w).contains("prime 12 ore").contains("successive 12 ore");
        assertThat(f).contains("entro 24 ore").contains("esito negativo");
    }
}
