package it.certmail.pec.log.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringWriter;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

class CsvWriterTest {

    @Test
    void plainFieldsShouldBeWrittenAsTheyAreWithCrlfLineEnds() throws IOException {
        assertThat(write(List.of("a", "b c", "x@y.it"))).isEqualTo("a,b c,x@y.it\r\n");
    }

    @Test
    void fieldsWithCommaQuoteOrLineBreakShouldBeQuotedWithQuotesDoubled() throws IOException {
        assertThat(write(List.of("a,b", "say \"hi\"", "two\nlines", "cr\rhere")))
                .isEqualTo("\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\"cr\rhere\"\r\n");
    }

    @Test
    void nullAndEmptyFieldsShouldBeEmpty() throws IOException {
        assertThat(write(Arrays.asList(null, "", "z"))).isEqualTo(",,z\r\n");
    }

    @Test
    void fieldsThatStartLikeAFormulaShouldGetALeadingApostrophe() {
        assertThat(CsvWriter.field("=HYPERLINK(\"x\")")).isEqualTo("\"'=HYPERLINK(\"\"x\"\")\"");
        assertThat(CsvWriter.field("+39 06")).isEqualTo("'+39 06");
        assertThat(CsvWriter.field("-1")).isEqualTo("'-1");
        assertThat(CsvWriter.field("@SUM(A1)")).isEqualTo("'@SUM(A1)");
        assertThat(CsvWriter.field("a=b")).isEqualTo("a=b");
    }

    private static String write(List<String> fields) throws IOException {
        StringWriter out = new StringWriter();
        new CsvWriter(out).record(fields);
        return out.toString();
    }
}
