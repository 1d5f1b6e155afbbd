package it.certmail.pec.web.holder;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import it.certmail.pec.web.holder.HolderViews.LogRow;

class LogExtractCsvTest {

    @Test
    void csvShouldHaveTheHeaderAndOneQuotedLinePerEntry() {
        String csv = LogExtractCsv.of(List.of(new LogRow(Instant.parse("2026-12-06T10:00:00Z"), "ACCETTAZIONE",
                "opec.1@pec.test", "mario@pec.test", "a@pec.test b@pec.test", "Offerta, \"bozza\"", null, null)));
        assertThat(csv).isEqualTo(LogExtractCsv.HEADER + "\r\n"
                + "2026-12-06T10:00:00Z,ACCETTAZIONE,opec.1@pec.test,mario@pec.test,a@pec.test b@pec.test,"
                + "\"Offerta, \"\"bozza\"\"\",,\r\n");
    }

    @Test
    void formulaLikeValuesShouldStayText() {
        assertThat(LogExtractCsv.field("=HYPERLINK(\"x\")")).isEqualTo("\"'=HYPERLINK(\"\"x\"\")\"");
        assertThat(LogExtractCsv.field("-1")).isEqualTo("'-1");
    }
}
