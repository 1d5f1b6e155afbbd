package it.certmail.pec.access.imap.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Properties;

import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;

import org.junit.jupiter.api.Test;

import it.certmail.pec.crypto.SignatureProfile;
import it.certmail.pec.receipts.infra.PecMessageComposer;
import it.certmail.pec.receipts.infra.PecTestProvider;

class MimeStructureParserTest {

    private static final Path SHARED = Path.of(System.getProperty("pec.shared.dir", "../../shared"));

    private static byte[] envelope() throws Exception {
        PecMessageComposer composer = PecTestProvider.composer(SignatureProfile.DEFAULT);
        return PecTestProvider.bytes(composer.transportEnvelope(PecTestProvider.original(), PecTestProvider.facts(),
                PecTestProvider.TIME));
    }

    private static MimeEntity parse(byte[] raw) throws Exception {
        return MimeStructureParser.parse(new ByteArrayInputStream(raw));
    }

    /** Walks our structure and Jakarta Mail's side by side: same types, same raw body bytes for every part. */
    private static int compare(byte[] raw, MimeEntity ours, Part theirs) throws Exception {
        String type = theirs.getContentType().toLowerCase(Locale.ROOT);
        assertThat(type).startsWith(ours.type() + "/" + ours.subtype());
        int parts = 1;
        if (ours.isMultipart()) {
            Multipart mp = (Multipart) theirs.getContent();
            assertThat(ours.parts()).hasSize(mp.getCount());
            for (int i = 0; i < mp.getCount(); i++) {
                parts += compare(raw, ours.parts().get(i), mp.getBodyPart(i));
            }
        } else if (theirs instanceof MimeBodyPart bp) {
            byte[] body = Arrays.copyOfRange(raw, (int) ours.bodyStart(), (int) ours.end());
            assertThat(body).isEqualTo(bp.getRawInputStream().readAllBytes());
            if (ours.isMessage()) {
                MimeMessage inner = new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(body));
                parts += compare(raw, ours.message(), inner);
            }
        }
        return parts;
    }

    @Test
    void parserShouldFindEveryPartOfANestedPecEnvelopeAtJakartaMailsOffsets() throws Exception {
        byte[] raw = envelope();
        MimeEntity root = parse(raw);
        MimeMessage jm = new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(raw));
        int parts = compare(raw, root, jm);
        assertThat(parts).isGreaterThanOrEqualTo(7);
        assertThat(root.subtype()).isEqualTo("signed");
        // signed > mixed > ... > message/rfc822 (postacert.eml) > mixed > text/plain
        MimeEntity mixed = root.part(new int[] {1});
        int postacert = -1;
        for (int i = 0; i < mixed.parts().size(); i++) {
            if (mixed.parts().get(i).isMessage()) {
                postacert = i + 1;
            }
        }
        assertThat(postacert).isPositive();
        MimeEntity inner = root.part(new int[] {1, postacert});
        assertThat(inner.message().header("Subject")).isEqualTo("=?UTF-8?Q?Fattura_n._42_=C3=A8_pronta?=");
        MimeEntity innerText = root.part(new int[] {1, postacert, 1});
        assertThat(innerText.type() + "/" + innerText.subtype()).isEqualTo("text/plain");
        assertThat(root.part(new int[] {1, postacert, 2}).params()).containsEntry("name", "fattura-42.pdf");
        assertThat(root.part(new int[] {1, postacert, 3})).isNull();
    }

    @Test
    void parserShouldMatchJakartaMailOnArubaReceipts() throws Exception {
        for (String name : new String[] {"aruba-2018-ricevuta-accettazione.eml", "aruba-2018-ricevuta-avvenuta-consegna.eml"}) {
            byte[] raw = Files.readAllBytes(SHARED.resolve("vectors").resolve(name));
            MimeEntity root = parse(raw);
            compare(raw, root, new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(raw)));
            String structure = EnvelopeWriter.bodyStructure(root, true);
            assertThat(structure).as(name).contains("\"SIGNED\"");
        }
    }

    @Test
    void bodyStructureShouldDescribeEncapsulatedMessagesWithEnvelopeAndLines() throws Exception {
        byte[] raw = envelope();
        String bs = EnvelopeWriter.bodyStructure(parse(raw), true);
        assertThat(bs).contains("\"MESSAGE\" \"RFC822\"", "(\"Mon, 10 Mar 2025 11:15:00 +0100\" "
                + "\"=?UTF-8?Q?Fattura_n._42_=C3=A8_pronta?=\" ((\"Mario Rossi\" NIL \"mario.rossi\" \"pec.certmail.test\"))");
        assertThat(bs).contains("\"APPLICATION\" \"PDF\" (\"NAME\" \"fattura-42.pdf\")",
                "(\"ATTACHMENT\" (\"FILENAME\" \"fattura-42.pdf\"))");
        String body = EnvelopeWriter.bodyStructure(parse(raw), false);
        assertThat(body).doesNotContain("ATTACHMENT");
        assertThat(balanced(bs)).isTrue();
    }

    private static boolean balanced(String s) {
        int depth = 0;
        boolean quoted = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && quoted) {
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (!quoted && c == '(') {
                depth++;
            } else if (!quoted && c == ')' && --depth < 0) {
                return false;
            }
        }
        return depth == 0 && !quoted;
    }

    @Test
    void envelopeShouldSplitAddressesGroupsAndDefaultSenderToFrom() throws Exception {
        byte[] raw = ("Date: Mon, 1 Jan 2024 10:00:00 +0100\r\nSubject: hi \"there\"\r\n"
                + "From: \"Rossi, Mario\" <mario@a.test>\r\nTo: undisclosed:;, anna@b.test (Anna)\r\n"
                + "Cc: team: x@c.test, y@c.test;\r\nMessage-ID: <1@a.test>\r\n\r\nbody\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        String env = EnvelopeWriter.envelope(MimeStructureParser.parseHeader(new ByteArrayInputStream(raw)));
        assertThat(env).isEqualTo("(\"Mon, 1 Jan 2024 10:00:00 +0100\" \"hi \\\"there\\\"\" "
                + "((\"Rossi, Mario\" NIL \"mario\" \"a.test\")) ((\"Rossi, Mario\" NIL \"mario\" \"a.test\")) "
                + "((\"Rossi, Mario\" NIL \"mario\" \"a.test\")) "
                + "((NIL NIL \"undisclosed\" NIL)(NIL NIL NIL NIL)(NIL NIL \"anna\" \"b.test\")) "
                + "((NIL NIL \"team\" NIL)(NIL NIL \"x\" \"c.test\")(NIL NIL \"y\" \"c.test\")(NIL NIL NIL NIL)) "
                + "NIL NIL \"<1@a.test>\")");
    }

    @Test
    void malformedMessagesShouldStillGiveAStructure() throws Exception {
        byte[] noBlank = "Subject: x\r\nFrom: a@b".getBytes(StandardCharsets.US_ASCII);
        MimeEntity a = parse(noBlank);
        assertThat(a.bodySize()).isZero();
        byte[] unclosed = ("Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\n"
                + "one\r\ntwo\r\n--b\r\n\r\nthree").getBytes(StandardCharsets.US_ASCII);
        MimeEntity b = parse(unclosed);
        assertThat(b.parts()).hasSize(2);
        assertThat(new String(unclosed, (int) b.parts().get(0).bodyStart(), (int) b.parts().get(0).bodySize(),
                StandardCharsets.US_ASCII)).isEqualTo("one\r\ntwo");
        assertThat(b.parts().get(0).lines()).isEqualTo(2);
        assertThat(b.parts().get(1).end()).isEqualTo(unclosed.length);
        MimeEntity c = parse(new byte[0]);
        assertThat(EnvelopeWriter.bodyStructure(c, true)).startsWith("(\"TEXT\" \"PLAIN\"");
        byte[] badType = "Content-Type: garbage\r\n\r\nx".getBytes(StandardCharsets.US_ASCII);
        assertThat(parse(badType).type()).isEqualTo("text");
    }
}
