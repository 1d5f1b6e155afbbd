package it.certmail.pec.mailbox.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class VCardsTest {

    @Test
    void aVcard4ShouldGiveNameAddressAndGroups() {
        String file = "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Studio Bianchi\\, Avvocati\r\nN:Bianchi;Anna;;;\r\n"
                + "EMAIL;TYPE=work:anna@example.org\r\nEMAIL;TYPE=pec:studio@pec.bianchi.it\r\n"
                + "CATEGORIES:Clienti,Legali\\, esterni\r\nTEL:+39 06 123\r\nEND:VCARD\r\n";
        ContactImport p = VCards.parse(file);
        assertThat(p.problems()).isEmpty();
        assertThat(p.cards()).containsExactly(new ContactCard("Studio Bianchi, Avvocati", "studio@pec.bianchi.it",
                List.of("Clienti", "Legali, esterni")));
    }

    @Test
    void foldedLinesGroupsPrefixesAndVcard21QuotedPrintableShouldBeRead() {
        String file = "BEGIN:VCARD\nVERSION:2.1\nN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:Nicol=C3=B2;Lu=\n"
                + "ca;;;\nitem1.EMAIL;INTERNET:luca@pec.e\n xample.it\nEND:VCARD\n"
                + "BEGIN:VCARD\nVERSION:3.0\nFN:Zoë Über\nEMAIL:zoe@pec.example.it\nEND:VCARD";
        ContactImport p = VCards.parse(file);
        assertThat(p.problems()).isEmpty();
        assertThat(p.cards()).containsExactly(new ContactCard("Luca Nicolò", "luca@pec.example.it", List.of()),
                new ContactCard("Zoë Über", "zoe@pec.example.it", List.of()));
    }

    @Test
    void writtenCardsShouldReadBackTheSameAndFoldWithoutSplittingCharacters() {
        List<ContactCard> cards = List.of(
                new ContactCard("Rossi; Mario, \\ \"il notaio\"", "mario@pec.rossi.it", List.of("Notai", "Roma, centro")),
                new ContactCard("è".repeat(100), "lungo@pec.example.it", List.of()));
        String written = VCards.write(cards);
        for (String line : written.split("\r\n")) {
            assertThat(line.getBytes(java.nio.charset.StandardCharsets.UTF_8).length).isLessThanOrEqualTo(75);
        }
        assertThat(written).contains("FN:Rossi\\; Mario\\, \\\\ \"il notaio\"\r\n");
        ContactImport back = VCards.parse(written);
        assertThat(back.problems()).isEmpty();
        assertThat(back.cards()).isEqualTo(cards);
    }

    @Test
    void hostileFilesShouldGiveProblemsNotContactsOrExceptions() {
        assertThat(VCards.parse("").problems()).extracting(ContactImport.Problem::message).containsExactly("the file is empty");
        assertThat(VCards.parse("\u0000\u0001garbage:::\n;;;").problems()).extracting(ContactImport.Problem::message)
                .containsExactly("no BEGIN:VCARD: not a vCard file");
        assertThat(VCards.parse("x".repeat(ContactImport.MAX_CHARS + 1)).problems()).hasSize(1);

        ContactImport nested = VCards.parse("BEGIN:VCARD\nFN:A\nBEGIN:VCARD\nFN:B\nEMAIL:b@x.it\nEND:VCARD\n"
                + "BEGIN:VCARD\nFN:<script>alert(1)</script>\nEMAIL:javascript:alert(1)\nEND:VCARD\n"
                + "BEGIN:VCARD\nFN:Senza fine\nEMAIL:c@x.it\n");
        assertThat(nested.cards()).extracting(ContactCard::address).containsExactly("b@x.it");
        assertThat(nested.problems()).extracting(ContactImport.Problem::at).containsExactly(1, 3, 4);

        String control = "BEGIN:VCARD\nFN:Riga\\nnuova\u0007 e\u2028separatore\nEMAIL:ok@x.it\nEND:VCARD";
        assertThat(VCards.parse(control).cards()).extracting(ContactCard::name).containsExactly("Riga nuova e separatore");

        String longLine = "BEGIN:VCARD\nFN:" + "a".repeat(30_000) + "\nEMAIL:long@x.it\nEND:VCARD";
        assertThat(VCards.parse(longLine).cards()).isEmpty();

        StringBuilder many = new StringBuilder();
        for (int i = 0; i < VCards.MAX_CARDS + 5; i++) {
            many.append("BEGIN:VCARD\nEMAIL:u").append(i).append("@x.it\nEND:VCARD\n");
        }
        ContactImport capped = VCards.parse(many.toString());
        assertThat(capped.cards()).hasSize(VCards.MAX_CARDS);
        assertThat(capped.problems()).extracting(ContactImport.Problem::message).anyMatch(m -> m.startsWith("more than"));
    }

    @Test
    void aCardWithoutNameShouldBeNamedAfterItsAddressAndBadQuotedPrintableKeptAsText() {
        ContactImport p = VCards.parse("BEGIN:VCARD\nEMAIL:ufficio@pec.x.it\nEND:VCARD\n"
                + "BEGIN:VCARD\nFN;ENCODING=QUOTED-PRINTABLE;CHARSET=NESSUNO:A=ZZ=4\nEMAIL:q@x.it\nEND:VCARD");
        assertThat(p.cards()).containsExactly(new ContactCard("ufficio", "ufficio@pec.x.it", List.of()),
                new ContactCard("A=ZZ=4", "q@x.it", List.of()));
    }
}
