package it.certmail.pec.webmail.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;

import org.junit.jupiter.api.Test;

import it.certmail.pec.receipts.domain.Daticert;
import it.certmail.pec.receipts.domain.DaticertReader;

class DaticertSummaryTest {

    static Path vectors() {
        return Path.of(System.getProperty("pec.shared.dir", "../../shared")).resolve("vectors");
    }

    private static Daticert read(String name) throws IOException {
        return DaticertReader.read(Files.readAllBytes(vectors().resolve("daticert").resolve(name))).daticert()
                .orElseThrow();
    }

    @Test
    void anAcceptanceShouldReadInPlainWordsInRomeTime() throws IOException {
        DaticertSummary s = DaticertSummary.of(read("aruba-2018-accettazione.daticert.xml"), ZoneId.of("Europe/Rome"));
        assertEquals("mail.daticert.type.accettazione", s.typeKey());
        assertEquals("l.battistini@pec.it", s.sender());
        assertEquals(List.of(new DaticertSummary.Recipient("l.battistini@pec.it", "mail.daticert.recipient.certified")),
                s.recipients());
        assertEquals("2018-11-13T16:39:26+01:00[Europe/Rome]", s.time().toString());
        assertEquals("opec288.20181113163926.01838.310.1.63@pec.aruba.it", s.identifier());
        assertEquals("IT03339130126_00009.xml", s.subject());
        assertEquals("ARUBA PEC S.p.A.", s.issuer());
        assertNull(s.errorKey());
    }

    @Test
    void externalRecipientsAndErrorsShouldBeNamed() throws IOException {
        DaticertSummary external = DaticertSummary.of(read("postecom-2012-posta-certificata-esterno.daticert.xml"),
                ZoneId.of("Europe/Rome"));
        assertEquals("mail.daticert.type.posta-certificata", external.typeKey());
        assertEquals("mail.daticert.recipient.external", external.recipients().get(0).typeKey());

        DaticertSummary failure = DaticertSummary.of(read("javapecparser-2024-errore-consegna-anonimizzato.daticert.xml"),
                ZoneId.of("Europe/Rome"));
        assertEquals("mail.daticert.type.errore-consegna", failure.typeKey());
        assertEquals("mail.daticert.error.no-dest", failure.errorKey());
    }
}
