package it.certmail.pec.mailbox.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class ContactsCsvTest {

    @Test
    void anItalianSpreadsheetExportShouldBeRead() {
        String file = "\uFEFFNome;PEC;Gruppi\r\n\"Rossi; Mario\";MARIO@pec.rossi.it;Clienti|Roma\r\n;anonimo@pec.x.it;\r\n"
                + "Errato;non-un-indirizzo;\r\n";
        ContactImport p = ContactsCsv.parse(file);
        assertThat(p.cards()).containsExactly(new ContactCard("Rossi; Mario", "mario@pec.rossi.it", List.of("Clienti", "Roma")),
                new ContactCard("anonimo", "anonimo@pec.x.it", List.of()));
        assertThat(p.problems()).containsExactly(new ContactImport.Problem(4, "not an e-mail address: non-un-indirizzo"));
    }

    @Test
    void writtenFilesShouldReadBackAndDefuseFormulas() {
        List<ContactCard> cards = List.of(new ContactCard("=HYPERLINK(\"http://evil\")", "a@pec.x.it", List.of("+G", "Roma")),
                new ContactCard("Bianchi, \"Anna\"", "b@pec.x.it", List.of()));
        String written = ContactsCsv.write(cards);
        assertThat(written).startsWith("name,address,groups\r\n\"'=HYPERLINK(\"\"http://evil\"\")\",a@pec.x.it,\"'+G|Roma\"\r\n");
        ContactImport back = ContactsCsv.parse(written);
        assertThat(back.problems()).isEmpty();
        assertThat(back.cards()).isEqualTo(cards);
    }

    @Test
    void aFileWithoutAnAddressColumnShouldBeRefusedWhole() {
        assertThat(ContactsCsv.parse("a,b\n1,2").problems()).extracting(ContactImport.Problem::at).containsExactly(1);
        assertThat(ContactsCsv.parse("   ").problems()).hasSize(1);
        assertThat(ContactsCsv.parse("address\n" + "x@y.it\n".repeat(ContactsCsv.MAX_ROWS + 3)).cards())
                .hasSize(ContactsCsv.MAX_ROWS);
    }
}
