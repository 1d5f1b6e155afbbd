package it.certmail.pec.receipts.infra;

import static it.certmail.pec.receipts.infra.PecTestProvider.PEC_MSGID;
import static it.certmail.pec.receipts.infra.PecTestProvider.RECIPIENT;
import static it.certmail.pec.receipts.infra.PecTestProvider.SENDER;
import static it.certmail.pec.receipts.infra.PecTestProvider.TIME;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import it.certmail.pec.crypto.OpenSsl;
import it.certmail.pec.crypto.SignatureProfile;
import it.certmail.pec.mime.Spool;
import it.certmail.pec.mime.SpooledMimeMessage;
import it.certmail.pec.receipts.domain.PecMessageKind;
import it.certmail.pec.receipts.domain.ReceiptForm;
import it.certmail.pec.receipts.domain.Recipient;
import it.certmail.pec.receipts.domain.TransactionFacts;

/**
 * A message bigger than a spool keeps in memory goes the whole way through temporary files: the transport envelope
 * and the complete and brief delivery receipts are composed from the spooled original, verify with BouncyCastle
 * and OpenSSL, and carry the original byte for byte (a hashed attachment in the brief form).
 */
class LargeMessageTest {

    private static final int ATTACHMENT_BYTES = 6 * 1024 * 1024;

    @TempDir
    Path dir;

    /** An original of about 8 MB: a text and a base64 attachment of random bytes, CRLF line ends. */
    private static byte[] original() {
        byte[] data = new byte[ATTACHMENT_BYTES];
        new Random(7).nextBytes(data);
        String b64 = Base64.getMimeEncoder(76, new byte[] {'\r', '\n'}).encodeToString(data);
        String eml = "From: Mario Rossi <" + SENDER + ">\r\n"
                + "To: " + RECIPIENT + "\r\n"
                + "Subject: grande\r\n"
                + "Date: Mon, 10 Mar 2025 11:15:00 +0100\r\n"
                + "Message-ID: <big.1@pc-mario.example>\r\n"
                + "MIME-Version: 1.0\r\n"
                + "Content-Type: multipart/mixed; boundary=\"=_big\"\r\n"
                + "\r\n"
                + "--=_big\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\nin allegato.\r\n"
                + "--=_big\r\nContent-Type: application/octet-stream; name=\"big.bin\"\r\n"
                + "Content-Disposition: attachment; filename=\"big.bin\"\r\n"
                + "Content-Transfer-Encoding: base64\r\n\r\n" + b64 + "\r\n--=_big--\r\n";
        return eml.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] body(byte[] message) {
        String s = new String(message, StandardCharsets.ISO_8859_1);
        return s.substring(s.indexOf("\r\n\r\n") + 4).getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void envelopeAndReceiptsOfASpooledOriginalVerifyAndCarryItExactly() throws Exception {
        byte[] raw = original();
        PecMessageComposer composer = PecTestProvider.composer(SignatureProfile.DEFAULT);
        PecMessageClassifier classifier = PecTestProvider.classifier();
        Path ca = PecTestProvider.writeCaPem(dir);
        try (OriginalMessage original = OriginalMessage.of(new java.io.ByteArrayInputStream(raw))) {
            assertThat(original.spool().inMemory()).as("spilled to a file").isFalse();
            TransactionFacts tx = original.facts(SENDER, List.of(Recipient.certified(RECIPIENT)), PEC_MSGID);

            try (SpooledMimeMessage envelope = composer.transportEnvelope(original, tx, TIME)) {
                assertThat(envelope.bytes().inMemory()).isFalse();
                assertThat(envelope.bytes().size()).isGreaterThan(raw.length);
                PecVerdict verdict = classifier.classify(envelope.bytes());
                assertThat(verdict.problems()).isEmpty();
                assertThat(verdict.category()).isEqualTo(PecVerdict.Category.TRANSPORT_ENVELOPE);
                assertVerifiesWithOpenSsl(envelope.bytes(), ca);
                // a verified envelope's postacert.eml read from the signed content the verification parsed (the
                // reception point does not parse the message again): the same bytes as from the envelope itself
                try (InputStream ofSigned = PecParts.openPostacertOfSigned(verdict.signature().signedContent())
                            .orElseThrow();
                        InputStream ofEnvelope = PecParts.openPostacert(envelope).orElseThrow();
                        Spool a = Spool.copyOf(ofSigned); Spool b = Spool.copyOf(ofEnvelope)) {
                    assertThat(a.size()).isGreaterThan(raw.length / 2);
                    assertThat(sha256(a)).isEqualTo(sha256(b));
                }

                // the reception point's view: postacert.eml read back from the envelope's spool
                try (InputStream carried = PecParts.openPostacert(envelope).orElseThrow();
                        OriginalMessage postacert = OriginalMessage.of(carried)) {
                    assertThat(sha256(postacert.spool())).isEqualTo(sha256(body(raw), withPecMessageIdHeader(
                            postacert.spool())));
                    assertThat(postacert.messageId()).isEqualTo("<" + PEC_MSGID + ">");
                    assertThat(contains(postacert.spool(), body(raw))).isTrue();

                    try (SpooledMimeMessage complete = composer.delivery(tx, RECIPIENT, ReceiptForm.COMPLETE,
                            postacert, TIME)) {
                        PecVerdict v = classifier.classify(complete.bytes());
                        assertThat(v.problems()).isEmpty();
                        assertThat(v.kind()).contains(PecMessageKind.DELIVERY);
                        assertThat(contains(complete.bytes(), body(raw))).isTrue();
                        assertVerifiesWithOpenSsl(complete.bytes(), ca);
                    }
                    try (SpooledMimeMessage brief = composer.delivery(tx, RECIPIENT, ReceiptForm.BRIEF, postacert,
                            TIME)) {
                        PecVerdict v = classifier.classify(brief.bytes());
                        assertThat(v.problems()).isEmpty();
                        assertThat(brief.bytes().size()).isLessThan(100_000);
                        String text = new String(brief.bytes().toByteArray(200_000), StandardCharsets.ISO_8859_1);
                        assertThat(text).contains("big.bin.hash");
                        assertThat(text).contains(BriefFormTransformer.sha1Hex(attachmentBody(raw)));
                        assertVerifiesWithOpenSsl(brief.bytes(), ca);
                    }
                }
            }
        }
    }

    private static void assertVerifiesWithOpenSsl(Spool message, Path ca) throws Exception {
        if (OpenSsl.binary().isEmpty()) {
            return;
        }
        Path eml = Files.createTempFile("large-", ".eml");
        try (OutputStream out = Files.newOutputStream(eml)) {
            message.writeTo(out);
        }
        try {
            OpenSsl.Result r = OpenSsl.run(List.of("smime", "-verify", "-in", eml.toString(), "-CAfile",
                    ca.toString(), "-purpose", "any", "-attime",
                    String.valueOf(TIME.getEpochSecond()), "-out", "/dev/null"));
            assertThat(r.ok()).as(r.stderr()).isTrue();
        } finally {
            Files.delete(eml);
        }
    }

    /** The body of the base64 attachment part as transmitted (what the brief form hashes). */
    private static byte[] attachmentBody(byte[] raw) {
        String s = new String(raw, StandardCharsets.ISO_8859_1);
        int start = s.indexOf("\r\n\r\n", s.indexOf("name=\"big.bin\"")) + 4;
        int end = s.indexOf("\r\n--=_big--", start);
        return s.substring(start, end).getBytes(StandardCharsets.ISO_8859_1);
    }

    /** The header of the spooled postacert, so the expected digest is header + original body. */
    private static byte[] withPecMessageIdHeader(Spool postacert) throws IOException {
        byte[] all = postacert.toByteArray(Integer.MAX_VALUE - 8);
        String s = new String(all, StandardCharsets.ISO_8859_1);
        return s.substring(0, s.indexOf("\r\n\r\n") + 4).getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String sha256(Spool spool) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        try (InputStream in = spool.open()) {
            byte[] buf = new byte[65536];
            int n;
            while ((n = in.read(buf)) > 0) {
                md.update(buf, 0, n);
            }
        }
        return java.util.HexFormat.of().formatHex(md.digest());
    }

    private static String sha256(byte[] body, byte[] header) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        md.update(header);
        md.update(body);
        return java.util.HexFormat.of().formatHex(md.digest());
    }

    private static boolean contains(Spool spool, byte[] needle) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        spool.writeTo(all);
        return indexOf(all.toByteArray(), needle) >= 0;
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        String h = new String(hay, StandardCharsets.ISO_8859_1);
        return h.indexOf(new String(needle, StandardCharsets.ISO_8859_1));
    }
}
