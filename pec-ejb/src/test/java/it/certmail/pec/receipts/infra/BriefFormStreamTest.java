package it.certmail.pec.receipts.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;

import org.junit.jupiter.api.Test;

import it.certmail.pec.receipts.domain.Vectors;

/**
 * The streaming brief form against the byte-array transformer it replaced ({@link BriefFormOracle}): the same bytes
 * for the real vectors, for generated and mutated messages, read in pieces of every size; and a 64 MB original
 * streamed without ever being held.
 */
class BriefFormStreamTest {

    private static final byte[] CRLF = {'\r', '\n'};
    private static final String BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    // ---------------------------------------------------------------- comparison helpers

    /** Reads 1..max bytes per call (random), to put buffer edges everywhere. */
    private static final class Chunked extends FilterInputStream {
        private final Random random;
        private final int max;

        Chunked(InputStream in, Random random, int max) {
            super(in);
            this.random = random;
            this.max = max;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return super.read(b, off, Math.min(len, 1 + random.nextInt(max)));
        }
    }

    private static byte[] streamed(byte[] original, Random random, int maxChunk) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BriefFormTransformer.transform(new Chunked(new ByteArrayInputStream(original), random, maxChunk), out);
        return out.toByteArray();
    }

    /** Straight into the parser, already CRLF, cut anywhere (a CRLF too) into pieces of 1..max bytes. */
    private static byte[] written(byte[] original, Random random, int maxChunk) throws IOException {
        byte[] crlf = RawEntity.toCrlf(original);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream w = new BriefFormTransformer.Parser(out)) {
            int pos = 0;
            while (pos < crlf.length) {
                int n = Math.min(crlf.length - pos, 1 + random.nextInt(maxChunk));
                w.write(crlf, pos, n);
                pos += n;
            }
        }
        return out.toByteArray();
    }

    private static String s(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    /** Every way in gives the oracle's bytes. */
    private static void assertSameAsOracle(String label, byte[] original, long seed) throws IOException {
        String expected = s(BriefFormOracle.transform(original));
        Random random = new Random(seed);
        assertThat(s(BriefFormTransformer.transform(original))).as(label).isEqualTo(expected);
        assertThat(s(streamed(original, random, 7))).as(label + " (reads of 1..7 bytes)").isEqualTo(expected);
        assertThat(s(streamed(original, random, 300))).as(label + " (reads of 1..300 bytes)").isEqualTo(expected);
        assertThat(s(written(original, random, 5))).as(label + " (CRLF input cut in 1..5)").isEqualTo(expected);
        assertThat(s(written(original, random, 100))).as(label + " (CRLF input cut in 1..100)").isEqualTo(expected);
        if (original.length < 20_000) {
            assertThat(s(streamed(original, random, 1))).as(label + " (one byte a read)").isEqualTo(expected);
            assertThat(s(written(original, random, 1))).as(label + " (one byte a write)").isEqualTo(expected);
        }
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String lines(String... lines) {
        return String.join("\r\n", lines);
    }

    // ---------------------------------------------------------------- real vectors

    /** A crafted nesting of thousands of levels is kept as it is below the cap, not a stack overflow. */
    @Test
    void deepNestingBeyondTheCapIsKeptWithoutExhaustingTheStack() throws IOException {
        int levels = 5000;
        StringBuilder eml = new StringBuilder("From: a@b.test\r\nContent-Type: multipart/mixed; boundary=\"b0\"\r\n\r\n")
                .append("--b0\r\nContent-Type: text/plain; name=\"top.txt\"\r\n\r\nhash me\r\n");
        for (int i = 0; i < levels; i++) {
            eml.append("--b").append(i).append("\r\nContent-Type: multipart/mixed; boundary=\"b").append(i + 1)
                    .append("\"\r\n\r\n");
        }
        eml.append("--b").append(levels).append("\r\nContent-Type: text/plain; name=\"deep.txt\"\r\n\r\nkept\r\n");
        for (int i = levels; i >= 0; i--) {
            eml.append("--b").append(i).append("--\r\n");
        }
        byte[] in = eml.toString().getBytes(StandardCharsets.US_ASCII);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BriefFormTransformer.transform(new ByteArrayInputStream(in), out);
        String brief = out.toString(StandardCharsets.US_ASCII);
        assertThat(brief).contains("top.txt.hash").doesNotContain("hash me");
        assertThat(brief).contains("name=\"deep.txt\"\r\n\r\nkept");
    }

    @Test
    void realVectorsShouldGiveTheOracleBytes() throws Exception {
        List<Path> emls;
        try (Stream<Path> files = Files.list(Vectors.dir())) {
            emls = files.filter(p -> p.getFileName().toString().endsWith(".eml")).sorted().toList();
        }
        assertThat(emls).isNotEmpty();
        long seed = 1;
        for (Path eml : emls) {
            byte[] raw = Files.readAllBytes(eml);
            assertSameAsOracle(eml.getFileName().toString(), raw, seed++);
            assertSameAsOracle(eml.getFileName() + " as CRLF", RawEntity.toCrlf(raw), seed++);
            assertSameAsOracle(eml.getFileName() + " with mixed line ends", mixLineEnds(raw, new Random(seed)), seed++);
        }
        assertSameAsOracle("aruba postacert", Samples.arubaPostacert(), seed++);
        assertSameAsOracle("user message", Samples.userMessage(), seed);
    }

    private static byte[] mixLineEnds(byte[] raw, Random random) {
        String[] ends = {"\r\n", "\n", "\r", "\r\n", "\n"};
        String text = s(RawEntity.toCrlf(raw));
        StringBuilder out = new StringBuilder();
        for (String line : text.split("\r\n", -1)) {
            if (out.length() > 0) {
                out.append(ends[random.nextInt(ends.length)]);
            }
            out.append(line);
        }
        return out.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    // ---------------------------------------------------------------- hand-written edge cases

    static List<String> edgeCases() {
        String named = "Content-Type: application/octet-stream; name=\"a.bin\"\r\nContent-Transfer-Encoding: base64";
        List<String> c = new ArrayList<>();
        c.add("");
        c.add("\r\n");
        c.add("\n\n\n");
        c.add("\r");
        c.add("no header at all");
        c.add("Subject: only a header");
        c.add("Subject: only a header\r\n");
        c.add("Subject: x\r\n\r\n");
        // an empty first line: no header fields at all, what follows is body
        c.add("\r\nContent-Type: text/plain; name=late.txt\r\n\r\nbody");
        c.add(lines("Content-Type: multipart/mixed; boundary=x", "", "--x", "",
                "Content-Type: text/plain; name=late.txt", "", "body", "--x", "", "--x--"));
        c.add("Content-Type: ;;;\r\n\r\nx");
        c.add("Content-Type: text/plain; name=a.txt");
        c.add("Content-Type: text/plain; name=a.txt\r\n\r\n");
        c.add("Content-Type: text/plain; name=a.txt\r\n\r\nbody\r\n");
        c.add("Content-Type: text/plain; name=\"\"\r\n\r\nbody");
        c.add("Content-Disposition: attachment; filename=\"x.pdf\"\r\nContent-MD5: abc\r\nContent-Length: 4\r\n\r\nAAAA");
        c.add("Content-Disposition: inline; filename*=UTF-8''perch%C3%A9.txt\r\n\r\nAAAA\r\n");
        c.add("Content-Disposition: ;;; filename=x\r\nContent-Type: text/plain; name=y.txt\r\n\r\nAAAA");
        c.add("Content-Type: application/pdf; name==?UTF-8?Q?caf=C3=A9.pdf?=\r\n\r\nJVBE\r\n");
        c.add("Content-Type: application/pdf; name=\"=?bogus?Q?x?=\"\r\n\r\nJVBE\r\n");
        // multipart basics and malformed multiparts
        c.add("Content-Type: multipart/mixed\r\n\r\n--x\r\nContent-Type: text/plain; name=a\r\n\r\nA\r\n--x--\r\n");
        c.add("Content-Type: multipart/mixed; boundary=\"\"\r\n\r\n--\r\nContent-Type: text/plain; name=a\r\n\r\nA\r\n");
        c.add("Content-Type: multipart/mixed; boundary=x");
        c.add("Content-Type: multipart/mixed; boundary=x\r\n");
        c.add("Content-Type: multipart/mixed; boundary=x\r\n\r\n");
        c.add("Content-Type: multipart/mixed; boundary=x\r\n\r\n--x");
        c.add("Content-Type: multipart/mixed; boundary=x\r\n\r\n--x\r\n");
        c.add("Content-Type: multipart/mixed; boundary=x\r\n\r\n--x--");
        c.add("Content-Type: multipart/mixed; boundary=x\r\n\r\n--x\r\n--x\r\n--x--\r\n");
        c.add("Content-Type: multipart/mixed; boundary=x\r\n\r\n--x\r\n\r\n--x\r\n\r\n\r\n--x--\r\n");
        c.add("Content-Type: multipart/mixed; boundary=x\r\n\r\n--x\r\n" + named + "\r\n--x--");
        c.add("Content-Type: multipart/mixed; boundary=x\r\n\r\n--x\r\n" + named + "\r\n\r\n--x--");
        c.add("Content-Type: multipart/mixed; boundary=x\r\n\r\n--x\r\n" + named + "\r\n\r\n\r\n--x--");
        c.add("Content-Type: multipart/mixed; boundary=x\r\n\r\n--x\r\n" + named + "\r\n\r\nAAAA\r\n\r\n--x--\r\n");
        c.add("Content-Type: multipart/mixed; boundary=x\r\n\r\n--x\r\n" + named + "\r\n\r\nAAAA");
        c.add("Content-Type: multipart/mixed; boundary=x\r\n\r\n--x\r\n" + named + "\r\n\r\nAAAA\r\n");
        c.add("Content-Type: multipart/mixed; boundary=x\r\n\r\n--x\r\n" + named + "\r\n\r\nAAAA\r\n\r\n");
        c.add("Content-Type: multipart/mixed; boundary=x\r\n\r\npre\r\n--x--\r\n" + named + "\r\n\r\nAAAA\r\n");
        // delimiter look-alikes, padding, close padding
        c.add(lines("Content-Type: multipart/mixed; boundary=x", "", "--x \t ", named, "", "AAAA", "--x\t", named,
                "", "--x-", "--xx", "-x", "--", "---x", " --x", "--x--x", "--x-- \t", "epilogue", "--x", "--x--"));
        c.add(lines("Content-Type: multipart/mixed; boundary=x", "", "--x", named, "", "AAAA", "--x--  ", named));
        c.add(lines("Content-Type: multipart/mixed; boundary=\"x--\"", "", "--x--", named, "", "AAAA", "--x----",
                "--x--", "tail"));
        c.add(lines("Content-Type: multipart/mixed; boundary=\"a b\"", "", "--a b", named, "", "AAAA", "--a b--"));
        c.add(lines("Content-Type: multipart/mixed; boundary=x", "", "--x", named, "", "AAAA", "--x  ", "  ", "--x"));
        // nesting: an outer delimiter ends the inner parts; prefix boundaries
        c.add(lines("Content-Type: multipart/mixed; boundary=b", "", "--b",
                "Content-Type: multipart/alternative; boundary=bb", "", "--bb", named, "", "AAAA", "--b", named, "",
                "BBBB", "--bb--", "--b--", "epi"));
        c.add(lines("Content-Type: multipart/mixed; boundary=bb", "", "--bb",
                "Content-Type: multipart/alternative; boundary=b", "", "--b", named, "", "AAAA", "--bb", named, "",
                "--b", "BBBB", "--b--", "--bb--", "epi"));
        c.add(lines("Content-Type: multipart/mixed; boundary=s", "", "--s",
                "Content-Type: multipart/mixed; boundary=s", "", "--s", named, "", "AAAA", "--s--", "--s--"));
        c.add(lines("Content-Type: multipart/mixed; boundary=o", "", "--o",
                "Content-Type: multipart/mixed; boundary=i", "", "--i", named, "", "AAAA", "--i", "", "--o", named,
                "", "CCCC", "--o--"));
        // signed, pkcs7, rfc822
        c.add(lines("Content-Type: multipart/signed; boundary=s; protocol=\"application/pkcs7-signature\"", "",
                "--s", "Content-Type: text/plain; name=t.txt", "", "text", "--s",
                "Content-Type: application/pkcs7-signature; name=smime.p7s", "", "MIIG", "--s",
                "Content-Type: application/pdf; name=third.pdf", "", "JVBE", "--s--", ""));
        c.add(lines("Content-Type: application/x-pkcs7-mime; name=smime.p7m", "", "MIAG"));
        c.add(lines("Content-Type: multipart/mixed; boundary=x", "", "--x",
                "Content-Type: application/pkcs7-mime; name=smime.p7m", "", "MIAG", "--x--"));
        c.add(lines("Content-Type: multipart/mixed; boundary=x", "", "--x", "Content-Type: message/rfc822", "",
                "Content-Type: application/pkcs7-mime; name=smime.p7m", "", "MIAG", "--x--"));
        c.add(lines("Content-Type: message/rfc822", "", "Content-Type: text/plain; name=in.txt", "", "inner"));
        c.add(lines("Content-Type: message/rfc822", "Content-Transfer-Encoding: BINARY", "",
                "Content-Type: text/plain; name=in.txt", "", "inner"));
        c.add(lines("Content-Type: message/rfc822", "Content-Transfer-Encoding: base64", "",
                "Content-Type: text/plain; name=in.txt", "", "inner"));
        c.add(lines("Content-Type: message/rfc822; name=fwd.eml", "", "Content-Type: text/plain; name=in.txt", "",
                "inner"));
        c.add("Content-Type: message/rfc822");
        c.add("Content-Type: message/rfc822\r\n\r\n");
        c.add(lines("Content-Type: multipart/mixed; boundary=x", "", "--x", "Content-Type: message/rfc822", "",
                "Content-Type: multipart/mixed; boundary=y", "", "--y", named, "", "AAAA", "--x", "after"));
        // header oddities
        c.add(lines("Content-Type: multipart/mixed;", "\tboundary=\"fold\"", "", "--fold", named, "", "A", "--fold--"));
        c.add(lines("no colon here", "Content-Type: text/plain; name=n.txt", "", "body"));
        c.add(lines(":empty name", "Content-Type : text/plain; name=sp.txt", "", "body"));
        c.add(lines("X-Weird", " Content-Type: text/plain; name=cont.txt", "", "body"));
        c.add(lines("content-type: TEXT/PLAIN; NAME=upper.txt", "content-disposition: INLINE", "", "body"));
        c.add(lines("Content-Type: text/plain", "Content-Type: text/plain; name=second.txt", "", "body"));
        c.add("Subject: lone\rCR\r\rContent-Type: text/plain; name=cr.txt\r\rbody\r");
        c.add("Subject: mixed\n\rContent-Type: text/plain; name=m.txt\r\n\n\rbody\n\r\n");
        c.add("Content-Type: text/plain; charset=iso-8859-1; name=\"caf\u00e9.txt\"\r\n\r\n\u00e8\u00e0\u00ff\u0000\r\n");
        return c;
    }

    @Test
    void edgeCasesShouldGiveTheOracleBytes() throws Exception {
        List<String> cases = edgeCases();
        for (int i = 0; i < cases.size(); i++) {
            byte[] raw = cases.get(i).getBytes(StandardCharsets.ISO_8859_1);
            assertSameAsOracle("edge case " + i + ": " + cases.get(i), raw, i);
            assertSameAsOracle("edge case " + i + " with LF", s(raw).replace("\r\n", "\n").getBytes(
                    StandardCharsets.ISO_8859_1), i);
        }
    }

    // ---------------------------------------------------------------- generated messages

    /** Random MIME trees with the features the transformer cares about. */
    static final class Generator {
        private final Random r;
        private int boundaries;

        Generator(long seed) {
            this.r = new Random(seed);
        }

        String message() {
            StringBuilder sb = new StringBuilder();
            sb.append("Received: from relay.example.it by mx.example.it;\r\n\tTue, 13 Nov 2018 16:39:26 +0100\r\n");
            sb.append("From: Mario Rossi <mario@pec.example.it>\r\nSubject: =?UTF-8?Q?prova_=E2=82=AC?=\r\n");
            if (r.nextInt(4) == 0) {
                sb.append("X-Long: ").append(text(r.nextInt(20_000), false)).append("\r\n");
            }
            if (r.nextInt(4) == 0) {
                sb.append("X-Folded: a");
                for (int i = 0; i < 1 + r.nextInt(50); i++) {
                    sb.append("\r\n ").append(text(1 + r.nextInt(60), false));
                }
                sb.append("\r\n");
            }
            sb.append("MIME-Version: 1.0\r\n");
            entity(sb, 0, true);
            return sb.toString();
        }

        private String boundary() {
            String[] kinds = {"b", "bb", "b--", "=_Part_" + boundaries, "----=_NextPart_" + r.nextInt(3), "a b", "x"};
            boundaries++;
            return kinds[r.nextInt(kinds.length)];
        }

        private void entity(StringBuilder sb, int depth, boolean message) {
            int kind = r.nextInt(depth > 3 ? 8 : 12);
            switch (kind) {
                case 0, 1 -> leaf(sb, "text/plain; charset=utf-8", null, "8bit", text8bit());
                case 2 -> leaf(sb, "application/pdf; name=\"" + name() + "\"", disposition(), "base64", base64());
                case 3 -> leaf(sb, "application/octet-stream", "attachment; filename=\"" + name() + "\"", "base64",
                        base64());
                case 4 -> leaf(sb, "application/octet-stream", r.nextBoolean() ? "inline" : null, "base64", base64());
                case 5 -> leaf(sb, pick(";;;", "text/plain; name=\"", "application/pkcs7-mime; name=smime.p7m",
                        "application/x-pkcs7-mime; smime-type=enveloped-data", "multipart/mixed",
                        "multipart/mixed; boundary=\"\"", "image/png; name=\"\""),
                        r.nextBoolean() ? null : "attachment", r.nextBoolean() ? "base64" : null, base64());
                case 6 -> leaf(sb, "text/plain; name=\"" + name() + "\"", null, null, r.nextBoolean() ? "" : "\r\n");
                case 7 -> sb.append(pick("", "X-Only: headers\r\n", // header-only, empty, or no header at all
                        "\r\nContent-Type: text/plain; name=late.txt\r\n\r\nbody"));
                default -> {
                    if (kind == 11 || kind == 10 && r.nextBoolean()) {
                        rfc822(sb, depth);
                    } else {
                        multipart(sb, depth, kind == 10 ? "signed" : pick("mixed", "alternative", "related"));
                    }
                }
            }
        }

        private void rfc822(StringBuilder sb, int depth) {
            sb.append("Content-Type: message/rfc822");
            if (r.nextInt(3) == 0) {
                sb.append("; name=\"fwd.eml\"");
            }
            sb.append("\r\n");
            if (r.nextInt(3) == 0) {
                sb.append("Content-Transfer-Encoding: ").append(pick("7bit", "8bit", "binary", "base64",
                        "quoted-printable", "7BIT")).append("\r\n");
            }
            sb.append("\r\nFrom: inner@example.it\r\nSubject: inner\r\n");
            entity(sb, depth + 1, true);
        }

        private void multipart(StringBuilder sb, int depth, String subtype) {
            String boundary = boundary();
            sb.append("Content-Type: multipart/").append(subtype).append(";");
            sb.append(r.nextBoolean() ? "\r\n\t" : " ").append("boundary=\"").append(boundary).append("\"");
            if (subtype.equals("signed")) {
                sb.append("; protocol=\"application/pkcs7-signature\"; micalg=sha-256");
            }
            sb.append("\r\n\r\n");
            if (r.nextBoolean()) {
                sb.append(pick("This is a multi-part message in MIME format.", "", "--not the boundary",
                        "preamble\r\nsecond line")).append("\r\n");
            }
            int parts = subtype.equals("signed") ? 2 + r.nextInt(2) : r.nextInt(5);
            for (int i = 0; i < parts; i++) {
                sb.append("--").append(boundary).append(padding()).append("\r\n");
                if (subtype.equals("signed") && i == 1) {
                    leaf(sb, "application/pkcs7-signature; name=smime.p7s", "attachment; filename=\"smime.p7s\"",
                            "base64", base64());
                } else {
                    entity(sb, depth + 1, false);
                }
                if (r.nextInt(4) > 0 || i == parts - 1) {
                    sb.append("\r\n");
                }
                if (r.nextInt(6) == 0) {
                    sb.append("\r\n"); // a blank line before the delimiter: part of the content
                }
            }
            switch (r.nextInt(6)) {
                case 0 -> {
                    // no close delimiter
                }
                case 1 -> sb.append("--").append(boundary).append("--").append(padding());
                default -> {
                    sb.append("--").append(boundary).append("--").append(padding()).append("\r\n");
                    if (r.nextBoolean()) {
                        sb.append(pick("epilogue", "", "--" + boundary, "--" + boundary + "--")).append("\r\n");
                    }
                }
            }
        }

        private String padding() {
            return r.nextInt(5) == 0 ? pick(" ", "\t", "  \t ") : "";
        }

        private void leaf(StringBuilder sb, String type, String disposition, String cte, String body) {
            if (type != null) {
                sb.append("Content-Type: ").append(type).append("\r\n");
            }
            if (disposition != null) {
                sb.append("Content-Disposition: ").append(disposition).append("\r\n");
            }
            if (cte != null) {
                sb.append("Content-Transfer-Encoding: ").append(cte).append("\r\n");
            }
            if (r.nextInt(10) == 0) {
                return; // no blank line, no body
            }
            sb.append("\r\n").append(body);
        }

        private String disposition() {
            return pick(null, "attachment", "inline", "attachment; filename=\"" + name() + "\"",
                    "attachment; filename*=UTF-8''perch%C3%A9.pdf", ";;;");
        }

        private String name() {
            return pick("fattura.pdf", "=?UTF-8?B?cGVyY2jDqS5wZGY=?=", "a b.pdf", "x", "daticert.xml");
        }

        private String base64() {
            StringBuilder sb = new StringBuilder();
            int lines = r.nextInt(6);
            for (int i = 0; i < lines; i++) {
                int n = 1 + r.nextInt(76);
                for (int j = 0; j < n; j++) {
                    sb.append(BASE64.charAt(r.nextInt(64)));
                }
                if (i < lines - 1 || r.nextBoolean()) {
                    sb.append("\r\n");
                }
            }
            return sb.toString();
        }

        private String text8bit() {
            StringBuilder sb = new StringBuilder();
            int lines = r.nextInt(5);
            for (int i = 0; i < lines; i++) {
                sb.append(text(r.nextInt(80), true));
                if (i < lines - 1 || r.nextBoolean()) {
                    sb.append("\r\n");
                }
            }
            return sb.toString();
        }

        private String text(int n, boolean eightBit) {
            String chars = eightBit ? "abc def-\u00e8\u00e0\u00f9\u20ac\t--" : "abcdefghij ,;=\"";
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < n; i++) {
                sb.append(chars.charAt(r.nextInt(chars.length())));
            }
            return sb.toString();
        }

        @SafeVarargs
        private <T> T pick(T... options) {
            return options[r.nextInt(options.length)];
        }
    }

    private static byte[] endings(String crlfText, Random r) {
        String text = switch (r.nextInt(4)) {
            case 0, 1 -> crlfText;
            case 2 -> crlfText.replace("\r\n", "\n");
            default -> s(mixLineEnds(crlfText.getBytes(StandardCharsets.UTF_8), r));
        };
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void generatedMessagesShouldGiveTheOracleBytes() throws Exception {
        int transformed = 0;
        for (long seed = 0; seed < 60; seed++) {
            String msg = new Generator(seed).message();
            byte[] raw = endings(msg, new Random(seed));
            assertSameAsOracle("generated message " + seed + ":\n" + msg, raw, seed);
            if (!s(BriefFormOracle.transform(raw)).equals(s(RawEntity.toCrlf(raw)))) {
                transformed++;
            }
        }
        assertThat(transformed).as("generated messages that had something hashed or rewritten").isGreaterThan(20);
    }

    /** Generated messages with random damage: bytes cut, lines repeated, delimiters and line ends inserted. */
    @Test
    void damagedMessagesShouldGiveTheOracleBytes() throws Exception {
        String[] inserts = {"\r\n", "\n", "\r", "--", "--b", "--bb--", "--x\r\n", "\r\n--b\r\n", "\r\n\r\n", " ", "\t",
            "--b--  \r\n", "Content-Type: multipart/mixed; boundary=b\r\n\r\n", "name=\"z.txt\"", ";"};
        for (long seed = 1000; seed < 1400; seed++) {
            Random r = new Random(seed);
            StringBuilder msg = new StringBuilder(new Generator(seed).message());
            for (int k = 1 + r.nextInt(4); k > 0 && msg.length() > 0; k--) {
                int at = r.nextInt(msg.length());
                switch (r.nextInt(3)) {
                    case 0 -> msg.delete(at, Math.min(msg.length(), at + 1 + r.nextInt(40)));
                    case 1 -> msg.insert(at, inserts[r.nextInt(inserts.length)]);
                    default -> {
                        int end = msg.indexOf("\r\n", at);
                        if (end > 0) {
                            msg.insert(end + 2, msg.substring(at, end + 2));
                        }
                    }
                }
            }
            byte[] raw = endings(msg.toString(), r);
            String expected = s(BriefFormOracle.transform(raw));
            assertThat(s(streamed(raw, r, 1 + r.nextInt(50)))).as("damaged message " + seed + ":\n" + msg)
                    .isEqualTo(expected);
            assertThat(s(written(raw, r, 1 + r.nextInt(20)))).as("damaged message " + seed + " (written)")
                    .isEqualTo(expected);
        }
    }

    // ---------------------------------------------------------------- long lines and limits

    @Test
    void longHeaderLinesAndLongPaddingShouldGiveTheOracleBytes() throws Exception {
        String named = "Content-Type: application/octet-stream; name=\"a.bin\"";
        // a header section just under the limit, and very long header lines
        String bigHeader = "X-Big: " + "y".repeat(BriefFormTransformer.HEADER_LIMIT - 200) + "\r\n";
        assertSameAsOracle("header section just under the limit",
                b(bigHeader + "Content-Type: text/plain; name=\"big.txt\"\r\n\r\nbody\r\n"), 1);
        assertSameAsOracle("long header line in a part", b(lines("Content-Type: multipart/mixed; boundary=x", "",
                "--x", "X-Long: " + "z".repeat(300_000), named, "", "AAAA", "--x--", "")), 2);
        // delimiter lines with megabytes of transport padding (held in a spool), and a look-alike that is not one
        String padding = " \t".repeat(1_500_000);
        assertSameAsOracle("delimiter with 3 MB of padding", b(lines("Content-Type: multipart/mixed; boundary=x", "",
                "--x", named, "", "AAAA", "--x" + padding, named, "", "BBBB", "--x--" + padding, "epi")), 3);
        assertSameAsOracle("look-alike with 3 MB of padding", b(lines("Content-Type: multipart/mixed; boundary=x",
                "", "--x", named, "", "AAAA", "--x" + padding + "!", "BBBB", "--x--" + padding + "-", "--x--")), 4);
        // a body line of megabytes
        assertSameAsOracle("long body line", b(lines("Content-Type: multipart/mixed; boundary=x", "", "--x", named,
                "", "--" + "x".repeat(2_000_000), "--x--")), 5);
    }

    @Test
    void headerSectionsBeyondTheLimitShouldBeKeptAsTheyAre() throws Exception {
        String huge = "X-Huge: " + "h".repeat(BriefFormTransformer.HEADER_LIMIT) + "\r\n";
        // the whole message: kept
        byte[] top = b(huge + "Content-Type: text/plain; name=\"a.txt\"\r\n\r\nbody\n");
        assertThat(s(streamed(top, new Random(1), 5000))).isEqualTo(s(RawEntity.toCrlf(top)));
        // one part: kept; the others are transformed as usual, and the multipart goes on after it
        String message = lines("Content-Type: multipart/mixed; boundary=x", "", "--x",
                huge + "Content-Type: text/plain; name=\"kept.txt\"", "", "kept body", "--x",
                "Content-Type: text/plain; name=\"hashed.txt\"", "", "AAAA", "--x--", "");
        String out = s(streamed(b(message), new Random(2), 5000));
        assertThat(out).contains(huge + "Content-Type: text/plain; name=\"kept.txt\"\r\n\r\nkept body\r\n--x\r\n")
                .contains("filename=hashed.txt.hash")
                .contains(BriefFormTransformer.sha1Hex(b("AAAA"))).doesNotContain("\r\nAAAA\r\n");
        assertThat(out.length()).isLessThan(message.length() + 400);
    }

    // ---------------------------------------------------------------- a big original, streamed

    /**
     * A message whose second part is {@code size} bytes of random data in base64 (76 characters a line, LF line ends),
     * produced while read; keeps the SHA-1 of that part's body with CRLF line ends, as the brief form must hash it.
     */
    static final class BigMessage extends InputStream {
        private final byte[] head = b(String.join("\n", "From: a@pec.example.it", "To: b@pec.example.it",
                "Subject: big", "MIME-Version: 1.0", "Content-Type: multipart/mixed; boundary=\"big\"", "", "--big",
                "Content-Type: text/plain; charset=us-ascii", "", "see attachment", "--big",
                "Content-Type: application/octet-stream; name=\"big.bin\"",
                "Content-Disposition: attachment; filename=\"big.bin\"", "Content-Transfer-Encoding: base64", "",
                ""));
        private final byte[] tail = b("\n--big--\n");
        private final MessageDigest sha1;
        private final java.util.SplittableRandom random = new java.util.SplittableRandom(42);
        private final byte[] raw = new byte[57];
        private final byte[] line = new byte[77];
        private long lines;
        private byte[] current = head;
        private int pos;
        private int phase; // 0 head, 1 body lines, 2 tail, 3 end
        private long produced;

        BigMessage(long size) throws Exception {
            this.lines = size / 57;
            this.sha1 = MessageDigest.getInstance("SHA-1");
        }

        long produced() {
            return produced;
        }

        String bodySha1() {
            return HexFormat.of().formatHex(sha1.digest());
        }

        private boolean next() {
            if (phase == 0 || phase == 1) {
                if (lines == 0) {
                    phase = 2;
                    current = tail;
                    pos = 0;
                    return true;
                }
                phase = 1;
                nextLine(--lines == 0);
                return true;
            }
            if (phase == 2) {
                phase = 3;
            }
            return false;
        }

        private void nextLine(boolean last) {
            for (int i = 0; i < raw.length; i += 8) {
                long v = random.nextLong();
                for (int j = 0; j < 8 && i + j < raw.length; j++) {
                    raw[i + j] = (byte) (v >>> (8 * j));
                }
            }
            int o = 0;
            for (int i = 0; i < raw.length; i += 3) {
                int v = (raw[i] & 0xFF) << 16 | (raw[i + 1] & 0xFF) << 8 | raw[i + 2] & 0xFF;
                line[o++] = (byte) BASE64.charAt(v >>> 18);
                line[o++] = (byte) BASE64.charAt(v >>> 12 & 63);
                line[o++] = (byte) BASE64.charAt(v >>> 6 & 63);
                line[o++] = (byte) BASE64.charAt(v & 63);
            }
            sha1.update(line, 0, 76);
            if (last) {
                current = java.util.Arrays.copyOf(line, 76); // the LF before the delimiter is not content
            } else {
                sha1.update(CRLF, 0, 2);
                line[76] = '\n';
                current = line;
            }
            pos = 0;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (len == 0) {
                return 0;
            }
            int n = 0;
            while (n < len) {
                if (pos == current.length && !next()) {
                    break;
                }
                int k = Math.min(len - n, current.length - pos);
                System.arraycopy(current, pos, b, off + n, k);
                pos += k;
                n += k;
            }
            produced += n;
            return n == 0 ? -1 : n;
        }
    }

    @Test
    void aBigOriginalShouldBeStreamedIntoASmallBriefForm() throws Exception {
        // the same path once on a small message first: class loading and first-use set-up are not the transformer's
        BriefFormTransformer.transform(new BigMessage(57 * 100), new ByteArrayOutputStream());
        BigMessage original = new BigMessage(48L << 20); // 48 MB of data, about 64 MB of base64
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        com.sun.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean()
                instanceof com.sun.management.ThreadMXBean t ? t : null;
        long thread = Thread.currentThread().getId();
        long before = threads != null ? threads.getThreadAllocatedBytes(thread) : 0;

        BriefFormTransformer.transform(new Chunked(original, new Random(7), 100_000), out);

        long allocated = threads != null ? threads.getThreadAllocatedBytes(thread) - before : 0;
        assertThat(original.produced()).isGreaterThan(64_000_000L);
        // nothing the size of the message was ever allocated (the 64 MB went through fixed buffers)
        assertThat(allocated).as("bytes allocated while streaming").isLessThan(8L << 20);
        byte[] brief = out.toByteArray();
        assertThat(brief.length).isLessThan(2048);
        MimeMessage m = new MimeMessage(SignedPec.SESSION, new ByteArrayInputStream(brief));
        MimeMultipart mp = (MimeMultipart) m.getContent();
        assertThat(mp.getCount()).isEqualTo(2);
        assertThat((String) mp.getBodyPart(0).getContent()).isEqualTo("see attachment");
        MimeBodyPart hash = (MimeBodyPart) mp.getBodyPart(1);
        assertThat(hash.getFileName()).isEqualTo("big.bin.hash");
        assertThat((String) hash.getContent()).isEqualTo(original.bodySha1()).matches("[0-9a-f]{40}");
        assertThat(s(brief)).endsWith("\r\n--big--\r\n");
    }

    /** The generator's own check: a small one agrees with the oracle and with the hash it reports. */
    @Test
    void theBigMessageGeneratorShouldAgreeWithTheOracle() throws Exception {
        BigMessage small = new BigMessage(57 * 30);
        byte[] raw = small.readAllBytes();
        String brief = s(BriefFormOracle.transform(raw));
        assertThat(brief).contains(small.bodySha1());
        assertSameAsOracle("small generated big message", raw, 9);
    }
}
