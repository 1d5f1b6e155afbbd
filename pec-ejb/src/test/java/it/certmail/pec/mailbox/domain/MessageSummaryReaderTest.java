package it.certmail.pec.mailbox.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.junit.jupiter.api.Test;

class MessageSummaryReaderTest {

    private static InputStream stream(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readShouldSummariseATransportEnvelopeWithFoldedEncodedSubject() throws IOException {
        String message = "Received: from a by b;\r\n\tMon, 23 Nov 2026 09:00:00 +0100\r\n"
                + "X-Trasporto: posta-certificata\r\n"
                + "Subject: POSTA CERTIFICATA: =?UTF-8?Q?Fattura_di_novembre_?=\r\n"
                + " =?UTF-8?B?4oKsIDEwMA==?=\r\n"
                + "From: \"Per conto di: mario.rossi@pec.alfa.example\"\r\n <posta-certificata@pec.alfa.example>\r\n"
                + "Message-ID: <opec21.20261123090000.12345.1.1@pec.alfa.example>\r\n"
                + "X-Riferimento-Message-ID: <abc@client.example>\r\n"
                + "Date: Mon, 23 Nov 2026 09:00:00 +0100\r\n"
                + "\r\n"
                + "Subject: not a header, the body\r\n";

        MessageSummary s = MessageSummaryReader.read(stream(message));

        assertThat(s.subject()).isEqualTo("POSTA CERTIFICATA: Fattura di novembre € 100");
        assertThat(s.messageId()).isEqualTo("<opec21.20261123090000.12345.1.1@pec.alfa.example>");
        assertThat(s.xRiferimentoMessageId()).isEqualTo("<abc@client.example>");
        assertThat(s.from()).isEqualTo("\"Per conto di: mario.rossi@pec.alfa.example\" <posta-certificata@pec.alfa.example>");
        assertThat(s.fromAddress()).isEqualTo("posta-certificata@pec.alfa.example");
        assertThat(s.date()).isEqualTo(Instant.parse("2026-11-23T08:00:00Z"));
        assertThat(s.pecKind()).isEqualTo("TRANSPORT_ENVELOPE");
    }

    @Test
    void readShouldStopAtTheEmptyLineAndLeaveTheBodyInTheStream() throws IOException {
        InputStream in = stream("Subject: hi\nFrom: a@b.example\n\nBODY\n");

        MessageSummary s = MessageSummaryReader.read(in);

        assertThat(s.subject()).isEqualTo("hi");
        assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("BODY\n");
        assertThat(s.pecKind()).isEqualTo(MessageSummary.ORDINARY);
    }

    @Test
    void readShouldClassifyReceiptsByTheirHeaders() throws IOException {
        MessageSummary virus = MessageSummaryReader.read(stream(
                "X-Ricevuta: errore-consegna\r\nX-VerificaSicurezza: errore\r\nSubject: x\r\n\r\n"));
        MessageSummary delivery = MessageSummaryReader.read(stream("x-ricevuta: Avvenuta-Consegna\r\n\r\n"));

        assertThat(virus.pecKind()).isEqualTo("DELIVERY_FAILURE_VIRUS");
        assertThat(delivery.pecKind()).isEqualTo("DELIVERY");
    }

    @Test
    void readShouldGiveNullsForMissingOrMalformedFields() throws IOException {
        MessageSummary s = MessageSummaryReader.read(stream("garbage line without colon\r\nDate: yesterday\r\n"
                + "From: undisclosed\r\n\r\n"));

        assertThat(s.subject()).isNull();
        assertThat(s.messageId()).isNull();
        assertThat(s.date()).isNull();
        assertThat(s.fromAddress()).isNull();
        assertThat(MessageSummaryReader.read(stream("")).subject()).isNull();
    }

    @Test
    void readShouldKeepTheFirstOccurrenceOfAField() throws IOException {
        assertThat(MessageSummaryReader.read(stream("Subject: first\r\nSubject: second\r\n\r\n")).subject())
                .isEqualTo("first");
    }

    @Test
    void readShouldAcceptRawUtf8AndLatin1Headers() throws IOException {
        assertThat(MessageSummaryReader.read(stream("Subject: già fatto\r\n\r\n")).subject()).isEqualTo("già fatto");
        byte[] latin1 = "Subject: gi\u00e0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
        assertThat(MessageSummaryReader.read(new ByteArrayInputStream(latin1)).subject()).isEqualTo("già");
    }

    @Test
    void fromAddressShouldIgnoreBracketsInsideQuotesAndComments() {
        assertThat(MessageSummaryReader.firstAddress("\"Rossi <finto@x.example>\" <vero@y.example>")).isEqualTo("vero@y.example");
        assertThat(MessageSummaryReader.firstAddress("anna@z.example (Anna <a>)")).isEqualTo("anna@z.example");
        assertThat(MessageSummaryReader.firstAddress("a@b.example, c@d.example")).isEqualTo("a@b.example");
    }

    @Test
    void dateShouldAcceptCommentsMissingDayNameAndGmt() {
        assertThat(MessageSummaryReader.date("Mon, 23 Nov 2026 09:00:00 +0100 (CET)")).isEqualTo(Instant.parse("2026-11-23T08:00:00Z"));
        assertThat(MessageSummaryReader.date("3 Jun 2008 11:05:30 GMT")).isEqualTo(Instant.parse("2008-06-03T11:05:30Z"));
    }

    @Test
    void headerBlockShouldEndAtTheFirstEmptyLineAndLeaveTheRestWhateverTheReadsTheStreamGives() throws IOException {
        java.util.Random random = new java.util.Random(20261207);
        String[] pieces = {"a", "Subject: x", "\r\n", "\n", "\r", " folded", "\t", "é", ":"};
        for (int round = 0; round < 2000; round++) {
            StringBuilder text = new StringBuilder();
            for (int i = random.nextInt(40); i > 0; i--) {
                text.append(pieces[random.nextInt(pieces.length)]);
            }
            byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
            int most = 1 + random.nextInt(7);
            boolean markable = random.nextBoolean();
            InputStream in = new ByteArrayInputStream(bytes) {
                @Override
                public synchronized int read(byte[] b, int off, int len) {
                    return super.read(b, off, Math.min(len, most));
                }

                @Override
                public boolean markSupported() {
                    return markable;
                }
            };
            int end = headerEnd(bytes);
            assertThat(MessageSummaryReader.headerBlock(in)).as(text.toString())
                    .isEqualTo(new String(bytes, 0, end, StandardCharsets.UTF_8));
            assertThat(in.readAllBytes()).as(text.toString())
                    .isEqualTo(java.util.Arrays.copyOfRange(bytes, Math.min(bytes.length, end + 1), bytes.length));
        }
    }

    /** Where the header block ends, found a byte at a time: the '\n' of the first empty line, or the end. */
    private static int headerEnd(byte[] bytes) {
        int lineLength = 0;
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '\n') {
                if (lineLength == 0) {
                    return i;
                }
                lineLength = 0;
            } else if (bytes[i] != '\r') {
                lineLength++;
            }
        }
        return bytes.length;
    }
}
