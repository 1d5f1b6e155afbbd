package it.certmail.pec.receipts.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class PecMessageKindTest {

    @Test
    void kindsShouldBeElevenWithTheExactSubjectPrefixes() {
        assertThat(PecMessageKind.values()).hasSize(11);
        assertThat(Arrays.stream(PecMessageKind.values()).map(PecMessageKind::subjectPrefix)).containsExactly(
                "POSTA CERTIFICATA: ", "ACCETTAZIONE: ", "AVVISO DI NON ACCETTAZIONE: ",
                "AVVISO DI NON ACCETTAZIONE PER VIRUS: ", "PRESA IN CARICO: ", "CONSEGNA: ",
                "AVVISO DI MANCATA CONSEGNA: ", "AVVISO DI MANCATA CONSEGNA PER VIRUS: ",
                "AVVISO DI MANCATA CONSEGNA PER SUP. TEMPO MASSIMO: ", "PROBLEMA DI SICUREZZA: ",
                "ANOMALIA MESSAGGIO: ");
    }

    @Test
    void kindsShouldCarryTheirHeadersAndDaticertTipo() {
        assertThat(PecMessageKind.TRANSPORT_ENVELOPE.header().fieldName()).isEqualTo("X-Trasporto");
        assertThat(PecMessageKind.ANOMALY_ENVELOPE.headerValue()).isEqualTo("errore");
        assertThat(PecMessageKind.ANOMALY_ENVELOPE.daticertType()).isEmpty();
        assertThat(PecMessageKind.DELIVERY_FAILURE_VIRUS.headerValue()).isEqualTo("errore-consegna");
        assertThat(PecMessageKind.DELIVERY_FAILURE_VIRUS.securityError()).isTrue();
        assertThat(PecMessageKind.NON_ACCEPTANCE_VIRUS.securityError()).isTrue();
        assertThat(PecMessageKind.NON_ACCEPTANCE.securityError()).isFalse();
        assertThat(PecMessageKind.DELIVERY_TIMEOUT.daticertType()).contains(DaticertType.DELIVERY_TIMEOUT);
        assertThat(PecMessageKind.DELIVERY.carriesOriginal(ReceiptForm.CONCISE)).isFalse();
        assertThat(PecMessageKind.DELIVERY.carriesOriginal(ReceiptForm.BRIEF)).isTrue();
        assertThat(PecMessageKind.ACCEPTANCE.carriesOriginal()).isFalse();
        assertThat(PecMessageKind.ACCEPTANCE.subject("Fattura")).isEqualTo("ACCETTAZIONE: Fattura");
    }

    @ParameterizedTest
    @EnumSource(PecMessageKind.class)
    void classifyShouldInvertTheHeaders(PecMessageKind kind) {
        String trasporto = kind.isEnvelope() ? kind.headerValue().toUpperCase() : null;
        String ricevuta = kind.isEnvelope() ? null : " " + kind.headerValue();
        String security = kind.securityError() ? "Errore" : null;
        assertThat(PecMessageKind.classify(trasporto, ricevuta, security)).contains(kind);
    }

    @Test
    void classifyShouldRejectUnknownValues() {
        assertThat(PecMessageKind.classify(null, "consegna", null)).isEmpty();
        assertThat(PecMessageKind.classify(null, null, null)).isEmpty();
    }

    @Test
    void receiptFormShouldParseLenientlyAndGiveCcTheConciseForm() {
        assertThat(ReceiptForm.parse(" BREVE ")).isEqualTo(ReceiptForm.BRIEF);
        assertThat(ReceiptForm.parse("Sintetica")).isEqualTo(ReceiptForm.CONCISE);
        assertThat(ReceiptForm.parse(null)).isEqualTo(ReceiptForm.COMPLETE);
        assertThat(ReceiptForm.parse("boh")).isEqualTo(ReceiptForm.COMPLETE);
        assertThat(ReceiptForm.BRIEF.forRecipient(false)).isEqualTo(ReceiptForm.CONCISE);
        assertThat(ReceiptForm.BRIEF.forRecipient(true)).isEqualTo(ReceiptForm.BRIEF);
    }
}
