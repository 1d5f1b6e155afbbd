package it.certmail.pec.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Golden tests on the two real Aruba PEC receipts in the shared vectors. */
class SmimeVerifierArubaTest {

    private static final String ARUBA_SHA1 = "B9444BA4D52880FBBE4C3C0C55BF81E323ADDF8B";
    // long after the Aruba certificate expired (2020-12-03): only an at-signing-time check can succeed
    private static final Clock LATE_CLOCK = Clock.fixed(Instant.parse("2025-06-01T00:00:00Z"), ZoneOffset.UTC);

    static Stream<Arguments> receipts() {
        return Stream.of(
                Arguments.of(TestFiles.acceptanceEml(), Instant.parse("2018-11-13T15:39:26Z")),
                Arguments.of(TestFiles.deliveryEml(), Instant.parse("2018-11-13T15:39:27Z")));
    }

    private SmimeVerifier verifier() throws Exception {
        return new SmimeVerifier(Certificates.readPem(TestFiles.agidCa1()), LATE_CLOCK);
    }

    @ParameterizedTest
    @MethodSource("receipts")
    void verifierShouldAcceptRealArubaReceiptWhenAnchoredAtAgidCa1(Path eml, Instant signingTime) throws Exception {
        byte[] raw = Files.readAllBytes(eml);
        assertThat(new String(raw, StandardCharsets.ISO_8859_1)).doesNotContain("\r\n");

        SignatureCheck check = verifier().verify(raw);

        assertThat(check.problems()).isEmpty();
        assertThat(check.signed()).isTrue();
        assertThat(check.signatureValid()).isTrue();
        assertThat(check.chainTrusted()).isTrue();
        assertThat(check.contentIntact()).isTrue();
        assertThat(check.certificateValidAtSigningTime()).isTrue();
        assertThat(check.validAtSigningTime()).isTrue();
        assertThat(check.valid()).isTrue();
        // expired since (2020-12-03): a fact of its own, not a problem of an archived message
        assertThat(check.certificateValidNow()).isFalse();
        assertThat(check.validNow()).isFalse();
        assertThat(Certificates.sha1Hex(check.signer())).isEqualTo(ARUBA_SHA1);
        assertThat(check.signerAddress()).isEqualTo("posta-certificata@pec.aruba.it");
        assertThat(check.signingTime()).isEqualTo(signingTime);
        assertThat(check.digestAlgorithm()).isEqualTo("SHA-1");
        assertThat(check.signedContent().isMimeType("multipart/mixed")).isTrue();
        MimeMultipart inner = (MimeMultipart) check.signedContent().getContent();
        List<String> fileNames = new ArrayList<>();
        for (int i = 0; i < inner.getCount(); i++) {
            fileNames.add(inner.getBodyPart(i).getFileName());
        }
        assertThat(fileNames).contains("daticert.xml");
    }

    @ParameterizedTest
    @MethodSource("receipts")
    void verifierShouldAcceptRealArubaReceiptWithCrlfLineEnds(Path eml, Instant signingTime) throws Exception {
        byte[] crlf = RawMime.toCrlf(Files.readAllBytes(eml));

        SignatureCheck check = verifier().verify(crlf);

        assertThat(check.valid()).as("%s", check.problems()).isTrue();
        assertThat(check.signingTime()).isEqualTo(signingTime);
    }

    @ParameterizedTest
    @MethodSource("receipts")
    void verifierShouldAcceptParsedMimeMessage(Path eml, Instant signingTime) throws Exception {
        MimeMessage msg = new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(Files.readAllBytes(eml)));

        SignatureCheck check = verifier().verify(msg);

        assertThat(check.valid()).as("%s", check.problems()).isTrue();
    }

    @Test
    void verifierShouldRejectTamperedSignedBody() throws Exception {
        String text = Files.readString(TestFiles.acceptanceEml(), StandardCharsets.ISO_8859_1);
        String tampered = text.replaceFirst("stato accettato dal sistema", "stato accettata dal sistema");
        assertThat(tampered).isNotEqualTo(text);

        SignatureCheck check = verifier().verify(tampered.getBytes(StandardCharsets.ISO_8859_1));

        assertThat(check.signed()).isTrue();
        assertThat(check.signatureValid()).isFalse();
        assertThat(check.valid()).isFalse();
        assertThat(check.problems()).anySatisfy(p -> assertThat(p).contains("signature"));
    }

    static Stream<Arguments> alteredCopies() {
        return Stream.of(
                Arguments.of("broken XML attachment", (java.util.function.UnaryOperator<byte[]>) AlteredVectors::brokenXmlAttachment),
                Arguments.of("re-encoded part", (java.util.function.UnaryOperator<byte[]>) AlteredVectors::reencodedPart),
                Arguments.of("stripped whitespace", (java.util.function.UnaryOperator<byte[]>) AlteredVectors::strippedWhitespace));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("alteredCopies")
    void contentAlteredAfterSigningShouldBeInvalidAtEveryTimeAndSayWhy(String alteration,
                                                                        java.util.function.UnaryOperator<byte[]> alter)
            throws Exception {
        for (Path eml : List.of(TestFiles.acceptanceEml(), TestFiles.deliveryEml())) {
            byte[] genuine = Files.readAllBytes(eml);
            byte[] altered = alter.apply(genuine);

            SignatureCheck check = verifier().verify(altered);

            assertThat(check.signed()).isTrue();
            assertThat(check.contentIntact()).as(alteration).isFalse();
            // the certificate was valid then and the chain holds: neither makes altered content valid
            assertThat(check.certificateValidAtSigningTime()).isTrue();
            assertThat(check.chainTrusted()).isTrue();
            assertThat(check.validAtSigningTime()).isFalse();
            assertThat(check.validNow()).isFalse();
            assertThat(check.valid()).isFalse();
            assertThat(check.problems()).contains(SmimeVerifier.CONTENT_ALTERED);
            // an independent verifier agrees: openssl checks the content digest (-noverify: the chain aside)
            OpenSsl.assumeAvailable();
            assertThat(openSslVerifies(genuine)).as("openssl on the genuine %s", eml.getFileName()).isTrue();
            assertThat(openSslVerifies(altered)).as("openssl on the %s copy of %s", alteration, eml.getFileName())
                    .isFalse();
        }
    }

    private static boolean openSslVerifies(byte[] eml) throws Exception {
        Path in = Files.createTempFile("altered", ".eml");
        try {
            Files.write(in, eml);
            return OpenSsl.run(List.of("smime", "-verify", "-noverify", "-in", in.toString(), "-out", "/dev/null"))
                    .ok();
        } finally {
            Files.deleteIfExists(in);
        }
    }

    @Test
    void verifierShouldIgnoreUnsignedOuterHeaders() throws Exception {
        // RFC 6109 / vectors README: only the inner multipart/mixed is signed
        String text = Files.readString(TestFiles.acceptanceEml(), StandardCharsets.ISO_8859_1);
        String changed = text.replaceFirst("Subject: ACCETTAZIONE:", "Subject: CHANGED:");

        assertThat(verifier().verify(changed.getBytes(StandardCharsets.ISO_8859_1)).valid()).isTrue();
    }

    @Test
    void verifierShouldNotTrustChainWithoutMatchingAnchor() throws Exception {
        SmimeVerifier noAnchors = new SmimeVerifier(List.of(), LATE_CLOCK);

        SignatureCheck check = noAnchors.verify(Files.readAllBytes(TestFiles.acceptanceEml()));

        assertThat(check.signatureValid()).isTrue();
        assertThat(check.chainTrusted()).isFalse();
        assertThat(check.valid()).isFalse();
        assertThat(check.problems()).contains("no trust anchors configured");
    }

    @Test
    void verifierShouldNotTrustChainAnchoredAtUnrelatedCa() throws Exception {
        X509Certificate unrelated = new LocalPki().createCa("Other PEC", Instant.parse("2018-01-01T00:00:00Z"))
                .certificate();
        SmimeVerifier wrong = new SmimeVerifier(List.of(unrelated), LATE_CLOCK);

        SignatureCheck check = wrong.verify(Files.readAllBytes(TestFiles.acceptanceEml()));

        assertThat(check.signatureValid()).isTrue();
        assertThat(check.chainTrusted()).isFalse();
        assertThat(check.problems()).anySatisfy(p -> assertThat(p).startsWith("certificate chain not trusted"));
    }

    @Test
    void verifierShouldTrustPinnedSignerCertificate() throws Exception {
        // IGPEC-style pinning: the provider certificate itself as anchor (RFC 6109 §3.2.1)
        SmimeVerifier pinned = new SmimeVerifier(Certificates.readPem(TestFiles.arubaCert()), LATE_CLOCK);

        assertThat(pinned.verify(Files.readAllBytes(TestFiles.acceptanceEml())).valid()).isTrue();
    }

    @Test
    void verifierShouldReportUnsignedForGarbageWithoutThrowing() throws Exception {
        SmimeVerifier v = verifier();
        byte[] arubaHead = Files.readString(TestFiles.acceptanceEml(), StandardCharsets.ISO_8859_1)
                .substring(0, 900).getBytes(StandardCharsets.ISO_8859_1);
        byte[] badP7s = ("Content-Type: multipart/signed; protocol=\"application/pkcs7-signature\"; boundary=\"b\"\n\n"
                + "--b\nContent-Type: text/plain\n\nhello\n--b\nContent-Type: application/pkcs7-signature\n"
                + "Content-Transfer-Encoding: base64\n\nAAAA\n--b--\n").getBytes(StandardCharsets.US_ASCII);
        List<byte[]> inputs = List.of(new byte[0], "hello world".getBytes(StandardCharsets.US_ASCII),
                new byte[] {0, (byte) 0xff, 10, 13, 10, 0x7f}, arubaHead, badP7s,
                "Content-Type: multipart/signed\n\nno boundary".getBytes(StandardCharsets.US_ASCII));

        for (byte[] input : inputs) {
            SignatureCheck check = v.verify(input);
            assertThat(check.signed()).isFalse();
            assertThat(check.valid()).isFalse();
            assertThat(check.problems()).isNotEmpty();
        }
        assertThat(v.verify((byte[]) null).problems()).isNotEmpty();
        assertThat(v.verify((MimeMessage) null).signed()).isFalse();
    }
}
