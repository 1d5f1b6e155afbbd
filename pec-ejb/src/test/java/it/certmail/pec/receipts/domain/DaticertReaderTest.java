package it.certmail.pec.receipts.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DaticertReaderTest {

    private static final String ARUBA_MSGID =
            "<1542123565.921546936035156.464602125997431-openerp-8-fatturapa.attachment.out@elbati-Vostro-3550>";

    private static Daticert readClean(String file) {
        DaticertReading reading = DaticertReader.read(Vectors.bytes("daticert/" + file));
        assertThat(reading.problems()).as(file).isEmpty();
        assertThat(reading.dtdValid()).isTrue();
        assertThat(reading.clean()).isTrue();
        return reading.daticert().orElseThrow();
    }

    @Test
    void readerShouldReadArubaAcceptanceExactly() {
        Daticert d = readClean("aruba-2018-accettazione.daticert.xml");
        assertThat(d.type()).isEqualTo(DaticertType.ACCEPTANCE);
        assertThat(d.error()).isEqualTo(DaticertError.NONE);
        assertThat(d.sender()).isEqualTo("l.battistini@pec.it");
        assertThat(d.recipients()).containsExactly(Recipient.certified("l.battistini@pec.it"));
        assertThat(d.replyTo()).isEqualTo("l.battistini@pec.it");
        assertThat(d.subject()).isEqualTo("IT03339130126_00009.xml");
        assertThat(d.issuer()).isEqualTo("ARUBA PEC S.p.A.");
        assertThat(d.time()).isEqualTo(ZonedDateTime.of(2018, 11, 13, 16, 39, 26, 0, PecTime.ROME));
        assertThat(d.time().getOffset()).isEqualTo(ZoneOffset.ofHours(1));
        assertThat(PecTime.zone(d.time())).isEqualTo("+0100");
        assertThat(d.identifier()).isEqualTo("opec288.20181113163926.01838.310.1.63@pec.aruba.it");
        assertThat(d.msgid()).isEqualTo(ARUBA_MSGID);
        assertThat(d.receiptForm()).isNull();
        assertThat(d.delivery()).isNull();
        assertThat(d.reception()).isEmpty();
        assertThat(d.extendedError()).isNull();
    }

    @Test
    void readerShouldReadArubaDeliveryReceiptExactly() {
        Daticert d = readClean("aruba-2018-avvenuta-consegna-completa.daticert.xml");
        assertThat(d.type()).isEqualTo(DaticertType.DELIVERY);
        assertThat(d.time()).isEqualTo(ZonedDateTime.of(2018, 11, 13, 16, 39, 27, 0, PecTime.ROME));
        assertThat(d.identifier()).isEqualTo("opec288.20181113163926.01838.310.1.63@pec.aruba.it");
        assertThat(d.msgid()).isEqualTo(ARUBA_MSGID);
        assertThat(d.receiptForm()).isEqualTo(ReceiptForm.COMPLETE);
        assertThat(d.delivery()).isEqualTo("l.battistini@pec.it");
    }

    @Test
    void readerShouldReadSogeiEnvelopeWithBriefForm() {
        Daticert d = readClean("sogei-2018-posta-certificata-breve.daticert.xml");
        assertThat(d.type()).isEqualTo(DaticertType.TRANSPORT);
        assertThat(d.sender()).isEqualTo("sdi03@pec.fatturapa.it");
        assertThat(d.recipients()).containsExactly(Recipient.certified("l.battistini@pec.it"));
        assertThat(d.subject()).isEqualTo("Invio File 7339338 (SIMULAZIONE)");
        assertThat(d.issuer()).isEqualTo("Sogei SpA");
        assertThat(d.time()).isEqualTo(ZonedDateTime.of(2018, 12, 8, 12, 26, 18, 0, PecTime.ROME));
        assertThat(d.identifier()).isEqualTo("opec288.20181208122618.17535.2665.1.3@pcert.sogei.it");
        assertThat(d.msgid()).isEqualTo("<4163125586355393.1544268377979@pec.fatturapa.it>");
        assertThat(d.receiptForm()).isEqualTo(ReceiptForm.BRIEF);
        assertThat(d.delivery()).isNull();
    }

    @Test
    void readerShouldReadPostecomEnvelopeToExternalRecipientInSummerTime() {
        Daticert d = readClean("postecom-2012-posta-certificata-esterno.daticert.xml");
        assertThat(d.type()).isEqualTo(DaticertType.TRANSPORT);
        assertThat(d.recipients()).containsExactly(Recipient.external("java@gcc.gnu.org"));
        assertThat(d.issuer()).isEqualTo("POSTECOM S.P.A. - GRUPPO POSTE ITALIANE");
        assertThat(d.time().toOffsetDateTime().toString()).isEqualTo("2012-09-21T15:16:38+02:00");
        assertThat(PecTime.zone(d.time())).isEqualTo("+0200");
        assertThat(d.identifier()).isEqualTo("E82D9D8F.000073B6.E8F90950.8520A581.posta-certificata@postecert.it");
        assertThat(d.msgid()).isNull();
        assertThat(d.receiptForm()).isEqualTo(ReceiptForm.COMPLETE);
    }

    @Test
    void readerShouldReportAnonymisedSampleAsInvalidButReadItsFields() {
        DaticertReading reading = DaticertReader.read(
                Vectors.bytes("daticert/javapecparser-2024-errore-consegna-anonimizzato.daticert.xml"));
        assertThat(reading.dtdValid()).isFalse();
        assertThat(reading.problems()).isNotEmpty().allMatch(p -> p.startsWith("DTD: "));
        assertThat(reading.clean()).isFalse();
        Daticert d = reading.daticert().orElseThrow();
        assertThat(d.type()).isEqualTo(DaticertType.DELIVERY_ERROR);
        assertThat(d.error()).isEqualTo(DaticertError.NO_RECIPIENT);
        assertThat(d.sender()).isEqualTo("sender@fakepec.it");
        assertThat(d.subject()).isEqualTo("Test PEC");
        assertThat(d.identifier()).isEqualTo("opec210312.20241115182038.288127.606.1.53@fakepec.it");
        assertThat(d.msgid()).isEqualTo("<SN05IE$951DEC16C1CFD3E4FD8FF1B1D24A99AE@fakepec.it>");
        assertThat(d.delivery()).isEqualTo("rec@fakepec.it");
        assertThat(d.extendedError()).isEqualTo("5.1.1 - FAKE Pec S.p.A. - indirizzo non valido");
        assertThat(d.time()).isEqualTo(ZonedDateTime.of(2024, 11, 15, 18, 21, 3, 0, PecTime.ROME));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "not xml at all", "<postacert", "<?xml version=\"1.0\"?><other/>",
        "<postacert tipo=\"accettazione\"></postacert>", "\u0000\u0001\u0002"})
    void readerShouldReportProblemsNotThrowWhenInputIsGarbage(String input) {
        DaticertReading reading = DaticertReader.read(input.getBytes(StandardCharsets.UTF_8));
        assertThat(reading.daticert()).isEmpty();
        assertThat(reading.dtdValid()).isFalse();
        assertThat(reading.problems()).isNotEmpty();
    }

    @Test
    void readerShouldReportProblemsWhenInputIsNull() {
        DaticertReading reading = DaticertReader.read(null);
        assertThat(reading.daticert()).isEmpty();
        assertThat(reading.problems()).isNotEmpty();
    }

    @Test
    void readerShouldAcceptColonZoneBracketlessMsgidAndWhitespace() {
        String xml = """
                <?xml version="1.0" encoding="UTF-8"?>
                <postacert tipo="avvenuta-consegna" errore="nessuno">
                  <intestazione>
                    <mittente>  a@pec.example.it </mittente>
                    <destinatari tipo="certificato">
                        b@pec.example.it
                    </destinatari>
                    <risposte>a@pec.example.it</risposte>
                  </intestazione>
                  <dati>
                    <gestore-emittente> Example PEC </gestore-emittente>
                    <data zona="+02:00"><giorno> 01/07/2024 </giorno><ora>09:05:07</ora></data>
                    <identificativo>&lt;opec1.x@pec.example.it&gt;</identificativo>
                    <msgid>abc@client</msgid>
                    <ricevuta tipo="breve"/>
                    <consegna>b@pec.example.it</consegna>
                  </dati>
                </postacert>
                """;
        DaticertReading reading = DaticertReader.read(xml.getBytes(StandardCharsets.UTF_8));
        assertThat(reading.problems()).isEmpty();
        Daticert d = reading.daticert().orElseThrow();
        assertThat(d.sender()).isEqualTo("a@pec.example.it");
        assertThat(d.recipients()).containsExactly(Recipient.certified("b@pec.example.it"));
        assertThat(d.issuer()).isEqualTo("Example PEC");
        assertThat(d.time()).isEqualTo(ZonedDateTime.of(2024, 7, 1, 9, 5, 7, 0, PecTime.ROME));
        assertThat(d.identifier()).isEqualTo("opec1.x@pec.example.it");
        assertThat(d.msgid()).isEqualTo("<abc@client>");
        assertThat(d.subject()).isNull();
    }

    @Test
    void readerShouldReportUnknownValuesAndMissingRequiredFields() {
        String xml = """
                <postacert tipo="accettazione" errore="boh">
                  <intestazione><mittente>a@x.it</mittente><destinatari tipo="strano">b@y.it</destinatari>
                    <risposte>a@x.it</risposte></intestazione>
                  <dati><gestore-emittente>X</gestore-emittente>
                    <data zona="CET"><giorno>32/13/2024</giorno><ora>25:00:00</ora></data>
                  </dati>
                </postacert>
                """;
        DaticertReading reading = DaticertReader.read(xml.getBytes(StandardCharsets.UTF_8));
        assertThat(reading.dtdValid()).isFalse();
        assertThat(reading.daticert()).isEmpty();
        assertThat(reading.problems()).anyMatch(p -> p.contains("unknown errore"))
                .anyMatch(p -> p.contains("unknown tipo 'strano'"))
                .anyMatch(p -> p.startsWith("data: cannot read"))
                .anyMatch(p -> p.equals("missing identificativo"));
    }

    @Test
    void readerShouldNeverFetchTheDoctypeSystemIdAndStillValidate() {
        String xml = new String(Vectors.bytes("daticert/aruba-2018-accettazione.daticert.xml"), StandardCharsets.UTF_8)
                .replace("?>", "?>\n<!DOCTYPE postacert SYSTEM \"http://pec.invalid/does-not-exist/postacert.dtd\">");
        DaticertReading reading = DaticertReader.read(xml.getBytes(StandardCharsets.UTF_8));
        assertThat(reading.problems()).isEmpty();
        assertThat(reading.dtdValid()).isTrue();
    }

    @Test
    void readerShouldRejectInternalSubsetAndNotExpandExternalEntities() {
        String xml = """
                <?xml version="1.0"?>
                <!DOCTYPE postacert [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>
                <postacert tipo="accettazione"><intestazione><mittente>&xxe;</mittente>
                <destinatari>b@y.it</destinatari><risposte>a@x.it</risposte></intestazione>
                <dati><gestore-emittente>X</gestore-emittente><data zona="+0100"><giorno>01/01/2024</giorno>
                <ora>10:00:00</ora></data><identificativo>id@x.it</identificativo></dati></postacert>
                """;
        DaticertReading reading = DaticertReader.read(xml.getBytes(StandardCharsets.UTF_8));
        assertThat(reading.dtdValid()).isFalse();
        assertThat(reading.problems()).anyMatch(p -> p.contains("declares its own DTD subset"));
        assertThat(reading.daticert()).isEmpty(); // mittente expanded to nothing
        assertThat(String.join("\n", reading.problems())).doesNotContain("root:");
    }

    @Test
    void ownReadShouldRefuseAnyDoctypeAndAnyDocumentThatIsNotWellFormedOrNotUnderstood() {
        String golden = new String(Vectors.bytes("daticert/aruba-2018-accettazione.daticert.xml"),
                StandardCharsets.UTF_8);
        assertThat(DaticertReader.readOwn(golden.getBytes(StandardCharsets.UTF_8))).isPresent();
        String withEntity = golden.replace("?>", "?>\n<!DOCTYPE postacert [ <!ENTITY who \"x@y.it\"> ]>")
                .replace("l.battistini@pec.it</mittente>", "&who;</mittente>");
        assertThat(DaticertReader.readOwn(withEntity.getBytes(StandardCharsets.UTF_8))).isEmpty();
        String withSystemDoctype = golden.replace("?>", "?>\n<!DOCTYPE postacert SYSTEM \"http://pec.invalid/x.dtd\">");
        assertThat(DaticertReader.readOwn(withSystemDoctype.getBytes(StandardCharsets.UTF_8))).isEmpty();
        assertThat(DaticertReader.readOwn(golden.replace("</postacert>", "").getBytes(StandardCharsets.UTF_8)))
                .isEmpty();
        assertThat(DaticertReader.readOwn(golden.replace("accettazione", "accettata").getBytes(StandardCharsets.UTF_8)))
                .isEmpty();
        assertThat(DaticertReader.readOwn(new byte[0])).isEmpty();
        assertThat(DaticertReader.readOwn(null)).isEmpty();
    }

    @Test
    void dtdShouldListErrorsForInvalidAndNoneForValidFiles() {
        assertThat(DaticertDtd.validate(Vectors.bytes("daticert/aruba-2018-accettazione.daticert.xml"))).isEmpty();
        List<String> errors = DaticertDtd.validate(
                Vectors.bytes("daticert/javapecparser-2024-errore-consegna-anonimizzato.daticert.xml"));
        assertThat(errors).hasSize(1);
        assertThat(errors.get(0)).startsWith("8:").contains("intestazione");
        assertThat(DaticertDtd.validate(new byte[0])).isNotEmpty();
    }
}
