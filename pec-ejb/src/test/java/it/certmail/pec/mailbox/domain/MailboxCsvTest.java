package it.certmail.pec.mailbox.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MailboxCsvTest {

    @Test
    void parseShouldReadRowsByTheirHeaderNamesWithQuotes() {
        MailboxCsv.Parsed p = MailboxCsv.parse("address,holderName,referenceEmail,webPassword,plan\r\n"
                + "a@b.test,\"Rossi, Mario\",mario@example.org,Pw-1234567890,standard\r\n"
                + "\r\n"
                + "c@b.test,\"Anna \"\"Nina\"\" Verdi\",anna@example.org,,\n");
        assertThat(p.problems()).isEmpty();
        assertThat(p.rows()).containsExactly(
                new MailboxCsv.Row(2, "a@b.test", "Rossi, Mario", "mario@example.org", "Pw-1234567890", "standard"),
                new MailboxCsv.Row(4, "c@b.test", "Anna \"Nina\" Verdi", "anna@example.org", null, null));
    }

    @Test
    void parseShouldTakeSemicolonsAndColumnsInAnyOrder() {
        MailboxCsv.Parsed p = MailboxCsv.parse(
                "\uFEFFplan;reference;holder;password;address\nbase;x@example.org;X;Pw-1234567890;x@b.test\n");
        assertThat(p.rows()).containsExactly(
                new MailboxCsv.Row(2, "x@b.test", "X", "x@example.org", "Pw-1234567890", "base"));
    }

    @Test
    void parseShouldReportALineWithoutAddressAndAHeaderWithoutColumns() {
        MailboxCsv.Parsed p = MailboxCsv.parse("address,holderName,referenceEmail,webPassword\n,Nobody,n@example.org,x\n");
        assertThat(p.rows()).isEmpty();
        assertThat(p.problems()).containsExactly(new MailboxCsv.Problem(2, "no address"));
        assertThat(MailboxCsv.parse("email,name\nx@b.test,X\n").problems()).singleElement()
                .satisfies(problem -> assertThat(problem.message()).contains("address, holderName"));
        assertThat(MailboxCsv.parse("\n\n").problems()).singleElement()
                .satisfies(problem -> assertThat(problem.message()).isEqualTo("the file is empty"));
    }

    @Test
    void parseShouldStopAfterTheMaximumNumberOfLines() {
        StringBuilder csv = new StringBuilder("address,holderName,referenceEmail,webPassword\n");
        for (int i = 0; i < MailboxCsv.MAX_ROWS + 5; i++) {
            csv.append("m").append(i).append("@b.test,M,m@example.org,Pw-1234567890\n");
        }
        MailboxCsv.Parsed p = MailboxCsv.parse(csv.toString());
        assertThat(p.rows()).hasSize(MailboxCsv.MAX_ROWS);
        assertThat(p.problems()).singleElement()
                .satisfies(problem -> assertThat(problem.message()).contains("the rest was not read"));
    }
}
