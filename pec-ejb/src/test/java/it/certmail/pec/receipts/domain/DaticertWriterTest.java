package it.certmail.pec.receipts.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class DaticertWriterTest {

    private static Daticert.Builder base() {
        return Daticert.builder()
                .type(DaticertType.ACCEPTANCE)
                .sender("l.battistini@pec.it")
                .addRecipient(Recipient.certified("l.battistini@pec.it"))
                .replyTo("l.battistini@pec.it")
                .subject("IT03339130126_00009.xml")
                .issuer("ARUBA PEC S.p.A.")
                .time(ZonedDateTime.of(2018, 11, 13, 16, 39, 26, 0, PecTime.ROME))
                .identifier("opec288.20181113163926.01838.310.1.63@pec.aruba.it")
                .msgid("<1542123565.921546936035156.464602125997431-openerp-8-fatturapa.attachment.out@elbati-Vostro-3550>");
    }

    private static Daticert roundTrip(Daticert d) {
        byte[] xml = DaticertWriter.write(d);
        assertThat(DaticertDtd.validate(xml)).as(new String(xml, StandardCharsets.UTF_8)).isEmpty();
        DaticertReading reading = DaticertReader.read(xml);
        assertThat(reading.problems()).isEmpty();
        assertThat(reading.dtdValid()).isTrue();
        // our own documents read without the DTD give the same data
        assertThat(DaticertReader.readOwn(xml)).get().usingRecursiveComparison()
                .isEqualTo(reading.daticert().orElseThrow());
        return reading.daticert().orElseThrow();
    }

    @Test
    void writerShouldReproduceArubaAcceptanceByteForByte() {
        byte[] golden = Vectors.bytes("daticert/aruba-2018-accettazione.daticert.xml");
        assertThat(new String(DaticertWriter.write(base().build()), StandardCharsets.UTF_8))
                .isEqualTo(new String(golden, StandardCharsets.UTF_8));
    }

    @Test
    void writerShouldReproduceArubaDeliveryReceiptByteForByte() {
        Daticert d = base().type(DaticertType.DELIVERY)
                .time(ZonedDateTime.of(2018, 11, 13, 16, 39, 27, 0, PecTime.ROME))
                .receiptForm(ReceiptForm.COMPLETE).delivery("l.battistini@pec.it").build();
        byte[] golden = Vectors.bytes("daticert/aruba-2018-avvenuta-consegna-completa.daticert.xml");
        assertThat(new String(DaticertWriter.write(d), StandardCharsets.UTF_8))
                .isEqualTo(new String(golden, StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @EnumSource(DaticertType.class)
    void writerShouldRoundTripEveryTipo(DaticertType type) {
        Daticert d = base().type(type)
                .addRecipient(Recipient.external("someone@example.com"))
                .receiptForm(ReceiptForm.BRIEF)
                .delivery("l.battistini@pec.it")
                .reception(List.of("l.battistini@pec.it", "other@pec.it"))
                .extendedError("5.1.1 - indirizzo non valido")
                .build();
        assertThat(roundTrip(d)).isEqualTo(d);
    }

    @ParameterizedTest
    @EnumSource(DaticertError.class)
    void writerShouldRoundTripEveryErrore(DaticertError error) {
        Daticert d = base().type(DaticertType.DELIVERY_ERROR).error(error).delivery("x@pec.it")
                .extendedError("motivo").build();
        byte[] xml = DaticertWriter.write(d);
        assertThat(new String(xml, StandardCharsets.UTF_8)).contains("errore=\"" + error.code() + "\"");
        assertThat(roundTrip(d)).isEqualTo(d);
    }

    @ParameterizedTest
    @EnumSource(ReceiptForm.class)
    void writerShouldRoundTripEveryReceiptForm(ReceiptForm form) {
        Daticert d = base().type(DaticertType.TRANSPORT).receiptForm(form).build();
        assertThat(roundTrip(d)).isEqualTo(d);
    }

    @Test
    void writerShouldRoundTripMinimalDaticertInSummerTime() {
        Daticert d = base().subject(null).msgid(null)
                .time(ZonedDateTime.of(2024, 7, 1, 0, 30, 5, 0, PecTime.ROME)).build();
        byte[] xml = DaticertWriter.write(d);
        String text = new String(xml, StandardCharsets.UTF_8);
        assertThat(text).contains("<data zona=\"+0200\">").contains("<giorno>01/07/2024</giorno>")
                .contains("<ora>00:30:05</ora>").doesNotContain("<oggetto>").doesNotContain("<msgid>");
        assertThat(roundTrip(d)).isEqualTo(d);
    }

    @Test
    void writerShouldEscapeAngleBracketsInMsgid() {
        String text = new String(DaticertWriter.write(base().build()), StandardCharsets.UTF_8);
        assertThat(text).contains("<msgid>&lt;1542123565.").contains("elbati-Vostro-3550&gt;</msgid>");
    }

    @Test
    void writerShouldEscapeMarkupAndDropXmlIllegalCharactersFromHostileSubject() {
        Daticert d = base().subject("R: <b>\"A&B\"</b> ]]> \u0001\u0007 àè€ 😀 \uD800").build();
        byte[] xml = DaticertWriter.write(d);
        Daticert back = roundTrip(d);
        assertThat(back.subject()).isEqualTo("R: <b>\"A&B\"</b> ]]>  àè€ 😀");
    }

    @Test
    void daticertShouldTruncateTimeToSecondsAndRequireRecipients() {
        Daticert d = base().time(ZonedDateTime.of(2018, 11, 13, 16, 39, 26, 999_000_000, PecTime.ROME)).build();
        assertThat(d.time().getNano()).isZero();
        assertThatThrownBy(() -> base().recipients(List.of()).build()).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> base().identifier(null).build()).isInstanceOf(NullPointerException.class);
    }
}
