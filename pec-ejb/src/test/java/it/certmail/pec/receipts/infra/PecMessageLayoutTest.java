package it.certmail.pec.receipts.infra;

import static it.certmail.pec.receipts.infra.PecTestProvider.TIME;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import jakarta.mail.MessagingException;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.internet.MimePart;
import jakarta.mail.util.SharedByteArrayInputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import it.certmail.pec.crypto.SignatureProfile;
import it.certmail.pec.receipts.domain.ReceiptForm;
import it.certmail.pec.receipts.infra.PecRoundTripTest.Case;

/**
 * The exact layout of every message the composer makes, against golden descriptions written from the Jakarta Mail
 * composer it replaced: the MIME tree, every header field and value of every part (boundaries numbered in order of
 * appearance, folding ignored), the preambles, the encoded bodies of the text parts and of daticert.xml, and a
 * digest of postacert.eml as carried. The signature is left to the round-trip tests (its bytes depend on the
 * boundaries). Run with {@code -Dpec.layout.write=true} to rewrite the golden files after a deliberate change.
 */
class PecMessageLayoutTest {

    private static final Path GOLDEN = Path.of("src/test/resources/receipts/layout");
    private static final Pattern BOUNDARY = Pattern.compile("boundary=\"?([^\";\\s]+)\"?");

    static Stream<Case> layouts() {
        List<Case> all = new ArrayList<>();
        for (SignatureProfile p : SignatureProfile.values()) {
            all.addAll(PecRoundTripTest.cases(p));
            all.add(eightBit(p, "busta di trasporto 8bit", c -> c.transportEnvelope(eightBitOriginal(),
                    eightBitOriginal().facts(PecTestProvider.SENDER, PecTestProvider.recipients(),
                            PecTestProvider.PEC_MSGID), TIME)));
            all.add(eightBit(p, "avvenuta consegna breve 8bit", c -> c.delivery(PecTestProvider.facts(),
                    PecTestProvider.RECIPIENT, ReceiptForm.BRIEF, eightBitOriginal(), TIME)));
            all.add(eightBit(p, "busta di anomalia 8bit", c -> c.anomalyEnvelope(eightBitOriginal(), "firma", TIME)));
        }
        return all.stream();
    }

    /** Only name, profile and build matter here. */
    private static Case eightBit(SignatureProfile p, String name, PecRoundTripTest.Build build) {
        return new Case(name, p, null, build, null, null, null, null, null, true);
    }

    /** An original with 8-bit text and bare LF line ends (made CRLF on reading). */
    private static OriginalMessage eightBitOriginal() throws MessagingException {
        String eml = "From: Mario Rossi <" + PecTestProvider.SENDER + ">\n"
                + "To: " + PecTestProvider.RECIPIENT + "\n"
                + "Subject: Perch\u00e9 no\n"
                + "Message-ID: <8bit-1@pc-mario.example>\n"
                + "MIME-Version: 1.0\n"
                + "Content-Type: text/plain; charset=ISO-8859-1\n"
                + "Content-Transfer-Encoding: 8bit\n"
                + "\n"
                + "Citt\u00e0 e libert\u00e0.\nSeconda riga.\n";
        return OriginalMessage.of(eml.getBytes(StandardCharsets.ISO_8859_1));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("layouts")
    void composedMessageShouldBeWhatParsingItsBytesGives(Case c) throws Exception {
        try (ComposedMessage composed = (ComposedMessage) c.build().with(PecTestProvider.composer(c.profile()))) {
            byte[] bytes = composed.bytes().toByteArray(Integer.MAX_VALUE);
            MimeMessage parsed = parse(bytes);

            assertThat(PecTestProvider.bytes(composed)).isEqualTo(bytes);
            assertThat(Collections.list(composed.getAllHeaderLines()))
                    .isEqualTo(Collections.list(parsed.getAllHeaderLines()));
            assertThat(composed.getMessageID()).isEqualTo(parsed.getMessageID());
            assertThat(composed.getSubject()).isEqualTo(parsed.getSubject());
            assertThat(describe(composed)).isEqualTo(describe(bytes));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("layouts")
    void composedMessageShouldHaveTheLayoutOfTheGoldenDescription(Case c) throws Exception {
        byte[] bytes = c.bytes();
        String layout = describe(bytes);
        Path golden = GOLDEN.resolve(fileName(c));
        if (Boolean.getBoolean("pec.layout.write")) {
            Files.createDirectories(GOLDEN);
            Files.writeString(golden, layout, StandardCharsets.ISO_8859_1);
        }
        assertThat(layout).isEqualTo(Files.readString(golden, StandardCharsets.ISO_8859_1));
        assertThat(bareLineEnds(bytes)).as("bare CR or LF").isZero();
    }

    @Test
    void boundariesShouldDifferBetweenPartsAndBetweenMessages() throws Exception {
        Case c = PecRoundTripTest.cases(SignatureProfile.DEFAULT).get(0);
        Set<String> first = boundaries(c.bytes());
        Set<String> second = boundaries(c.bytes());

        assertThat(first).hasSize(3);
        assertThat(second).hasSize(3).doesNotContainAnyElementsOf(first);
    }

    /** The boundaries of the message's own multiparts (postacert.eml's are in its body, not in a header here). */
    private static Set<String> boundaries(byte[] bytes) throws MessagingException, IOException {
        Set<String> found = new HashSet<>();
        Matcher m = BOUNDARY.matcher(outline(parse(bytes)));
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }

    private static String fileName(Case c) {
        return (c.name() + " " + c.profile().code()).replaceAll("[^A-Za-z0-9]+", "-") + ".txt";
    }

    /** A description of the message that leaves out only what may differ: boundary values, folding, the p7s. */
    static String describe(byte[] bytes) throws MessagingException, IOException {
        return describe(parse(bytes));
    }

    private static String describe(MimeMessage m) throws MessagingException, IOException {
        return numberBoundaries(outline(m));
    }

    private static MimeMessage parse(byte[] bytes) throws MessagingException {
        return new MimeMessage(null, new SharedByteArrayInputStream(bytes));
    }

    private static String outline(MimeMessage m) throws MessagingException, IOException {
        StringBuilder out = new StringBuilder();
        describe(m, "message", out);
        return out.toString();
    }

    private static void describe(Part part, String path, StringBuilder out) throws MessagingException, IOException {
        out.append("== ").append(path).append('\n');
        for (String line : Collections.list(((MimePart) part).getAllHeaderLines())) {
            out.append(line.replaceAll("\r?\n[ \t]+", " ").replaceAll("[ \t]+", " ")).append('\n');
        }
        if (part.isMimeType("multipart/*")) {
            MimeMultipart mp = (MimeMultipart) part.getContent();
            out.append("-- preamble: ").append(mp.getPreamble()).append('\n');
            for (int i = 0; i < mp.getCount(); i++) {
                describe(mp.getBodyPart(i), path + "/" + i, out);
            }
            return;
        }
        byte[] raw = raw(part);
        String name = part.getFileName();
        if ("smime.p7s".equals(name)) {
            out.append("-- signature\n");
        } else if ("postacert.eml".equals(name)) {
            out.append("-- ").append(raw.length).append(" bytes, sha-256 ").append(sha256(raw)).append('\n');
        } else {
            out.append("-- body\n").append(new String(raw, StandardCharsets.ISO_8859_1)).append("\n-- end\n");
        }
    }

    private static byte[] raw(Part part) throws MessagingException, IOException {
        try (InputStream in = ((jakarta.mail.internet.MimeBodyPart) part).getRawInputStream()) {
            return in.readAllBytes();
        }
    }

    private static String numberBoundaries(String text) {
        Map<String, String> names = new LinkedHashMap<>();
        Matcher m = BOUNDARY.matcher(text);
        while (m.find()) {
            names.putIfAbsent(m.group(1), "BOUNDARY-" + (names.size() + 1));
        }
        String s = text;
        for (Map.Entry<String, String> e : names.entrySet()) {
            s = s.replace(e.getKey(), e.getValue());
        }
        return s;
    }

    private static int bareLineEnds(byte[] b) {
        int n = 0;
        for (int i = 0; i < b.length; i++) {
            boolean crlf = b[i] == '\r' && i + 1 < b.length && b[i + 1] == '\n';
            if (crlf) {
                i++;
            } else if (b[i] == '\r' || b[i] == '\n') {
                n++;
            }
        }
        return n;
    }

    private static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
