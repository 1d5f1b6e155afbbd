package it.certmail.pec.receipts.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.Set;

import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import it.certmail.pec.crypto.AlteredVectors;
import it.certmail.pec.crypto.Certificates;
import it.certmail.pec.crypto.SmimeVerifier;
import it.certmail.pec.index.domain.InMemoryProviderIndex;
import it.certmail.pec.index.domain.ProviderRecord;
import it.certmail.pec.index.domain.SigningCertificate;
import it.certmail.pec.receipts.domain.Daticert;
import it.certmail.pec.receipts.domain.DaticertError;
import it.certmail.pec.receipts.domain.DaticertReader;
import it.certmail.pec.receipts.domain.DaticertType;
import it.certmail.pec.receipts.domain.PecMessageKind;
import it.certmail.pec.receipts.domain.PecTime;
import it.certmail.pec.receipts.domain.ReceiptForm;
import it.certmail.pec.receipts.domain.Recipient;
import it.certmail.pec.receipts.domain.Vectors;

/**
 * Golden tests on the real Aruba receipts: anchored at AgID CA1, Aruba listed in the index, judged as of their
 * signing time as archived messages are (the certificate expired in 2020); live reception judges them now.
 */
class PecMessageClassifierArubaTest {

    private static final String ARUBA_SHA1 = "B9444BA4D52880FBBE4C3C0C55BF81E323ADDF8B";
    private static final String USER = "l.battistini@pec.it";
    private static final String IDENTIFIER = "opec288.20181113163926.01838.310.1.63@pec.aruba.it";
    private static final String CLIENT_MSGID =
            "<1542123565.921546936035156.464602125997431-openerp-8-fatturapa.attachment.out@elbati-Vostro-3550>";
    private static final String SUBJECT = "IT03339130126_00009.xml";

    private static SmimeVerifier verifier;
    private static ProviderRecord aruba;

    @BeforeAll
    static void setUp() throws Exception {
        List<X509Certificate> anchors = Certificates.readPem(Vectors.dir().resolve("certs/agid-ca1-2018.pem"));
        verifier = new SmimeVerifier(anchors);
        X509Certificate cert = Certificates.readSinglePem(
                Vectors.dir().resolve("certs/aruba-pec-2017-posta-certificata.pem"));
        aruba = ProviderRecord.of("ARUBA PEC S.p.A.", null, "posta-certificata@pec.aruba.it",
                Set.of("pec.aruba.it", "pec.it"), List.of(SigningCertificate.of(cert.getEncoded())), null, null);
    }

    private static PecMessageClassifier withAruba() {
        return new PecMessageClassifier(verifier, InMemoryProviderIndex.of(aruba),
                PecMessageClassifier.Moment.SIGNING_TIME);
    }

    private static byte[] acceptance() {
        return Vectors.bytes("aruba-2018-ricevuta-accettazione.eml");
    }

    private static byte[] delivery() {
        return Vectors.bytes("aruba-2018-ricevuta-avvenuta-consegna.eml");
    }

    private static Daticert.Builder expectedCommon(DaticertType type, String time) {
        return Daticert.builder()
                .type(type)
                .error(DaticertError.NONE)
                .sender(USER)
                .recipients(List.of(Recipient.certified(USER)))
                .replyTo(USER)
                .subject(SUBJECT)
                .issuer("ARUBA PEC S.p.A.")
                .time(ZonedDateTime.of(2018, 11, 13, 16, 39, Integer.parseInt(time), 0, PecTime.ROME))
                .identifier(IDENTIFIER)
                .msgid(CLIENT_MSGID);
    }

    @Test
    void classifierShouldAcceptRealArubaAcceptanceAsNotice() {
        PecVerdict v = withAruba().classify(acceptance());

        assertThat(v.problems()).isEmpty();
        assertThat(v.category()).isEqualTo(PecVerdict.Category.NOTICE);
        assertThat(v.parsable()).isTrue();
        assertThat(v.certified()).isTrue();
        assertThat(v.kind()).contains(PecMessageKind.ACCEPTANCE);
        assertThat(v.provider()).contains(aruba);
        assertThat(v.provider().orElseThrow().mailReceipt()).isEqualTo("posta-certificata@pec.aruba.it");
        assertThat(v.signerSha1()).isEqualTo(ARUBA_SHA1);
        assertThat(v.signature().valid()).isTrue();
        assertThat(v.signature().digestAlgorithm()).isEqualTo("SHA-1");
        assertThat(v.from()).isEqualTo("posta-certificata@pec.aruba.it");
        assertThat(v.subject()).isEqualTo("ACCETTAZIONE: " + SUBJECT);
        assertThat(v.messageId()).isEqualTo("<opec288.20181113163926.01838.310.1.358.63@pec.aruba.it>");
        assertThat(v.riferimentoMessageId()).isEqualTo(CLIENT_MSGID);
        assertThat(v.daticert()).hasValueSatisfying(r -> assertThat(r.clean()).isTrue());
        assertThat(v.certification()).contains(expectedCommon(DaticertType.ACCEPTANCE, "26").build());
    }

    @Test
    void classifierShouldAcceptRealArubaDeliveryAsNotice() {
        PecVerdict v = withAruba().classify(delivery());

        assertThat(v.problems()).isEmpty();
        assertThat(v.category()).isEqualTo(PecVerdict.Category.NOTICE);
        assertThat(v.kind()).contains(PecMessageKind.DELIVERY);
        assertThat(v.provider()).contains(aruba);
        assertThat(v.signerSha1()).isEqualTo(ARUBA_SHA1);
        assertThat(v.subject()).isEqualTo("CONSEGNA: " + SUBJECT);
        assertThat(v.messageId()).isEqualTo("<opec288.20181113163927.28978.421.1.413.72@pec.aruba.it>");
        assertThat(v.riferimentoMessageId()).isEqualTo(CLIENT_MSGID);
        Daticert expected = expectedCommon(DaticertType.DELIVERY, "27")
                .receiptForm(ReceiptForm.COMPLETE)
                .delivery(USER)
                .build();
        assertThat(v.certification()).contains(expected);
        // the identificativo of the delivery is the acceptance's, i.e. that of the busta di trasporto
        assertThat(v.certification().orElseThrow().identifier())
                .isEqualTo(withAruba().classify(acceptance()).certification().orElseThrow().identifier());
    }

    @Test
    void classifierShouldAcceptTheSameMessageAsInputStreamAndMimeMessage() throws Exception {
        try (InputStream in = new ByteArrayInputStream(delivery())) {
            assertThat(withAruba().classify(in).category()).isEqualTo(PecVerdict.Category.NOTICE);
        }
        MimeMessage parsed = new MimeMessage(Session.getInstance(new Properties()),
                new ByteArrayInputStream(acceptance()));
        assertThat(withAruba().classify(parsed).category()).isEqualTo(PecVerdict.Category.NOTICE);
    }

    @Test
    void classifierShouldTreatArubaReceiptAsOrdinaryWhenIndexIsEmpty() {
        PecMessageClassifier empty = new PecMessageClassifier(verifier, new InMemoryProviderIndex(List.of()),
                PecMessageClassifier.Moment.SIGNING_TIME);

        PecVerdict v = empty.classify(acceptance());

        assertThat(v.category()).isEqualTo(PecVerdict.Category.ORDINARY);
        assertThat(v.provider()).isEmpty();
        assertThat(v.fromProvider()).isFalse();
        assertThat(v.signature().valid()).isTrue();
        assertThat(v.signerSha1()).isEqualTo(ARUBA_SHA1);
        assertThat(v.problems()).singleElement().satisfies(p -> assertThat(p)
                .contains(ARUBA_SHA1).contains("not in the providers' index").contains("ARUBA PEC"));
        // what the headers claim is still reported
        assertThat(v.kind()).contains(PecMessageKind.ACCEPTANCE);
    }

    @Test
    void classifierShouldTreatTamperedArubaReceiptAsOrdinary() {
        String text = new String(acceptance(), StandardCharsets.ISO_8859_1);
        // one byte inside the signed text part
        String tampered = text.replaceFirst("stato accettato", "stato accettatO");
        assertThat(tampered).hasSameSizeAs(text).isNotEqualTo(text);

        PecVerdict v = withAruba().classify(tampered.getBytes(StandardCharsets.ISO_8859_1));

        assertThat(v.category()).isEqualTo(PecVerdict.Category.ORDINARY);
        assertThat(v.signature().signed()).isTrue();
        assertThat(v.signature().signatureValid()).isFalse();
        assertThat(v.provider()).isEmpty();
        assertThat(v.problems()).anySatisfy(p -> assertThat(p).startsWith("S/MIME: ").contains("signature"));
    }

    @Test
    void theProvidersIndexShouldBeASourceOfTrustWithoutAnAnchor() {
        // RFC 6109 §4.5: the signer's certificate listed in the index is trusted, no AgID CA1 configured
        PecMessageClassifier untrusted = new PecMessageClassifier(new SmimeVerifier(List.of()),
                InMemoryProviderIndex.of(aruba), PecMessageClassifier.Moment.SIGNING_TIME);

        for (byte[] receipt : List.of(acceptance(), delivery())) {
            PecVerdict v = untrusted.classify(receipt);

            assertThat(v.problems()).isEmpty();
            assertThat(v.category()).isEqualTo(PecVerdict.Category.NOTICE);
            assertThat(v.provider()).contains(aruba);
            assertThat(v.signature().chainTrusted()).isFalse();
            assertThat(v.signerInIndex()).isTrue();
            assertThat(v.signerTrusted()).isTrue();
            assertThat(v.validAtSigningTime()).isTrue();
        }
    }

    @Test
    void withoutAnAnchorNorTheIndexTheReceiptShouldBeOrdinary() {
        PecMessageClassifier nothing = new PecMessageClassifier(new SmimeVerifier(List.of()),
                new InMemoryProviderIndex(List.of()), PecMessageClassifier.Moment.SIGNING_TIME);

        PecVerdict v = nothing.classify(acceptance());

        assertThat(v.category()).isEqualTo(PecVerdict.Category.ORDINARY);
        assertThat(v.validAtSigningTime()).isFalse();
        assertThat(v.problems()).anySatisfy(p -> assertThat(p).contains("trust anchors"))
                .anySatisfy(p -> assertThat(p).contains("not in the providers' index"));
    }

    @Test
    void liveReceptionShouldRefuseAReceiptWhoseCertificateIsNoLongerValid() {
        PecMessageClassifier live = new PecMessageClassifier(verifier, InMemoryProviderIndex.of(aruba));

        PecVerdict v = live.classify(acceptance());

        assertThat(v.category()).isEqualTo(PecVerdict.Category.ORDINARY);
        assertThat(v.provider()).isEmpty();
        assertThat(v.validAtSigningTime()).isTrue();
        assertThat(v.validNow()).isFalse();
        assertThat(v.problems()).singleElement().satisfies(p -> assertThat(p)
                .startsWith("S/MIME: signer certificate not valid now"));
    }

    static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> alteredCopies() {
        return java.util.stream.Stream.of(
                org.junit.jupiter.params.provider.Arguments.of("broken XML attachment",
                        (java.util.function.UnaryOperator<byte[]>) AlteredVectors::brokenXmlAttachment),
                org.junit.jupiter.params.provider.Arguments.of("re-encoded part",
                        (java.util.function.UnaryOperator<byte[]>) AlteredVectors::reencodedPart),
                org.junit.jupiter.params.provider.Arguments.of("stripped whitespace",
                        (java.util.function.UnaryOperator<byte[]>) AlteredVectors::strippedWhitespace));
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.MethodSource("alteredCopies")
    void aReceiptAlteredAfterSigningShouldNeverBeVouchedFor(String alteration,
                                                            java.util.function.UnaryOperator<byte[]> alter) {
        for (byte[] genuine : List.of(acceptance(), delivery())) {
            PecVerdict v = withAruba().classify(alter.apply(genuine));

            assertThat(v.category()).as(alteration).isEqualTo(PecVerdict.Category.ORDINARY);
            assertThat(v.provider()).isEmpty();
            // the facts: signer known and trusted, certificate valid then; the content is not the signed one
            assertThat(v.signature().contentIntact()).isFalse();
            assertThat(v.signerInIndex()).isTrue();
            assertThat(v.signerTrusted()).isTrue();
            assertThat(v.signature().certificateValidAtSigningTime()).isTrue();
            // hence invalid at every time, and why
            assertThat(v.validAtSigningTime()).isFalse();
            assertThat(v.validNow()).isFalse();
            assertThat(v.problems()).contains("S/MIME: " + SmimeVerifier.CONTENT_ALTERED);
        }
    }

    @Test
    void classifierShouldTreatUnsignedMailAsOrdinary() {
        byte[] plain = ("From: Mario Rossi <mario.rossi@example.org>\r\nTo: " + USER + "\r\n"
                + "Subject: ciao\r\nMessage-ID: <1@example.org>\r\nX-Ricevuta: accettazione\r\n"
                + "Content-Type: text/plain\r\n\r\nNon sono una ricevuta.\r\n").getBytes(StandardCharsets.US_ASCII);

        PecVerdict v = withAruba().classify(plain);

        assertThat(v.category()).isEqualTo(PecVerdict.Category.ORDINARY);
        assertThat(v.parsable()).isTrue();
        assertThat(v.signature().signed()).isFalse();
        assertThat(v.signerSha1()).isNull();
        assertThat(v.daticert()).isEmpty();
        assertThat(v.from()).isEqualTo("mario.rossi@example.org");
        assertThat(v.subject()).isEqualTo("ciao");
        assertThat(v.messageId()).isEqualTo("<1@example.org>");
        assertThat(v.problems()).anySatisfy(p -> assertThat(p).contains("not S/MIME signed"));
    }

    @Test
    void classifierShouldReportNotAMessageForGarbageWithoutThrowing() {
        List<byte[]> inputs = List.of(
                new byte[0],
                new byte[] {0, (byte) 0xff, 10, 13, 10, 0x7f, 0x00, 0x3a},
                "hello world, no header here\r\n\r\nbody".getBytes(StandardCharsets.US_ASCII),
                "\r\n\r\nonly a body".getBytes(StandardCharsets.US_ASCII),
                " folded: first line\r\n".getBytes(StandardCharsets.US_ASCII),
                "Subject\0: x\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1),
                "%PDF-1.4\n%\u00e2\u00e3\u00cf\u00d3\n1 0 obj".getBytes(StandardCharsets.ISO_8859_1));

        for (byte[] input : inputs) {
            PecVerdict v = withAruba().classify(input);
            assertThat(v.category()).as(new String(input, StandardCharsets.ISO_8859_1))
                    .isEqualTo(PecVerdict.Category.NOT_A_MESSAGE);
            assertThat(v.parsable()).isFalse();
            assertThat(v.problems()).isNotEmpty();
            assertThat(v.signature().signed()).isFalse();
            assertThat(v.provider()).isEmpty();
        }
        assertThat(withAruba().classify((byte[]) null).parsable()).isFalse();
        assertThat(withAruba().classify((InputStream) null).parsable()).isFalse();
        assertThat(withAruba().classify((MimeMessage) null).parsable()).isFalse();
    }

    @Test
    void classifierShouldReportTruncatedReceiptWithoutThrowing() {
        byte[] whole = acceptance();
        // the last cut falls inside the base64 signature; cutting only the closing delimiter is tolerated
        for (int cut : new int[] {300, 1200, whole.length / 2, whole.length - 200}) {
            byte[] head = Arrays.copyOf(whole, cut);

            PecVerdict v = withAruba().classify(head);

            assertThat(v.parsable()).isTrue();
            assertThat(v.category()).as("cut at %d", cut).isEqualTo(PecVerdict.Category.ORDINARY);
            assertThat(v.problems()).isNotEmpty();
        }
    }

    @Test
    void classifierShouldReadTheVectorsDaticertFilesLikeTheEmbeddedOnes() {
        // the extracted files in vectors/daticert are the same bytes the receipts carry
        PecVerdict v = withAruba().classify(acceptance());
        byte[] file = Vectors.bytes("daticert/aruba-2018-accettazione.daticert.xml");
        assertThat(DaticertReader.read(file).daticert())
                .isEqualTo(v.certification());
    }
}
