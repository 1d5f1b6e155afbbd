package it.certmail.pec.receipts.infra;

import static it.certmail.pec.receipts.infra.PecTestProvider.CC_RECIPIENT;
import static it.certmail.pec.receipts.infra.PecTestProvider.CLIENT_MSGID;
import static it.certmail.pec.receipts.infra.PecTestProvider.DOMAIN;
import static it.certmail.pec.receipts.infra.PecTestProvider.MAIL_RECEIPT;
import static it.certmail.pec.receipts.infra.PecTestProvider.NAME;
import static it.certmail.pec.receipts.infra.PecTestProvider.PEC_MSGID;
import static it.certmail.pec.receipts.infra.PecTestProvider.RECIPIENT;
import static it.certmail.pec.receipts.infra.PecTestProvider.SENDER;
import static it.certmail.pec.receipts.infra.PecTestProvider.SERVICE_ADDRESS;
import static it.certmail.pec.receipts.infra.PecTestProvider.SUBJECT;
import static it.certmail.pec.receipts.infra.PecTestProvider.TIME;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import it.certmail.pec.crypto.Certificates;
import it.certmail.pec.crypto.OpenSsl;
import it.certmail.pec.crypto.SignatureProfile;
import it.certmail.pec.receipts.domain.Daticert;
import it.certmail.pec.receipts.domain.DaticertDtd;
import it.certmail.pec.receipts.domain.DaticertError;
import it.certmail.pec.receipts.domain.DaticertReader;
import it.certmail.pec.receipts.domain.DaticertType;
import it.certmail.pec.receipts.domain.PecMessageKind;
import it.certmail.pec.receipts.domain.ReceiptForm;
import it.certmail.pec.receipts.domain.TimeoutStage;

/**
 * Round trip of the whole core: each kind the composer builds is signed with our own CA's key, serialised, then
 * checked against the spec (§2.2 subjects, §2.3 headers, §3 daticert), by OpenSSL and by the classifier; a copy
 * with one byte changed in the signed part must be caught by both.
 */
class PecRoundTripTest {

    private static final Session SESSION = Session.getInstance(new Properties());
    private static final String VIRUS = "Eicar-Test-Signature";
    private static final String ORDINARY_SENDER = "someone@example.org";
    private static final String ORDINARY_MSGID = "<ord-1@example.org>";

    @TempDir
    Path tmp;

    /** Builds one message with a composer. */
    @FunctionalInterface
    interface Build {
        MimeMessage with(PecMessageComposer composer) throws MessagingException;
    }

    /**
     * One composed message and what the spec says about it.
     *
     * @param prefix      the subject prefix, written out from the spec table (§2.2), not taken from the code
     * @param header      X-Ricevuta or X-Trasporto
     * @param value       its value
     * @param daticert    the daticert expected back; null for the busta di anomalia
     * @param to          the expected To address
     * @param original    whether a postacert.eml is attached
     */
    record Case(String name, SignatureProfile profile, PecMessageKind kind, Build build, String prefix,
                String header, String value, Daticert daticert, String to, boolean original) {
        @Override
        public String toString() {
            return name + " " + profile;
        }

        PecVerdict.Category category() {
            return switch (kind) {
                case TRANSPORT_ENVELOPE -> PecVerdict.Category.TRANSPORT_ENVELOPE;
                case ANOMALY_ENVELOPE -> PecVerdict.Category.ANOMALY_ENVELOPE;
                default -> PecVerdict.Category.NOTICE;
            };
        }

        byte[] bytes() throws MessagingException {
            return PecTestProvider.bytes(build.with(PecTestProvider.composer(profile)));
        }
    }

    private static Daticert.Builder expected(DaticertType type, DaticertError error) {
        ZonedDateTime time = TIME.truncatedTo(ChronoUnit.SECONDS).atZone(ZoneId.of("Europe/Rome"));
        return Daticert.builder().type(type).error(error).sender(SENDER).recipients(PecTestProvider.recipients())
                .replyTo(SENDER).subject(SUBJECT).issuer(NAME).time(time).identifier(PEC_MSGID).msgid(CLIENT_MSGID);
    }

    /** The original as the busta di trasporto carries it (Message-ID swapped), input of the delivery receipts. */
    private static OriginalMessage postacert() throws MessagingException {
        return OriginalMessage.of(PecMessageComposer.withPecMessageId(PecTestProvider.original().raw(), PEC_MSGID,
                CLIENT_MSGID));
    }

    private static byte[] ordinaryMail() {
        return ("From: " + ORDINARY_SENDER + "\r\nTo: " + RECIPIENT + "\r\nSubject: Ciao\r\n"
                + "Message-ID: " + ORDINARY_MSGID + "\r\nDate: Mon, 10 Mar 2025 11:10:00 +0100\r\n"
                + "Content-Type: text/plain; charset=us-ascii\r\n\r\nposta ordinaria\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    static List<Case> cases(SignatureProfile p) {
        List<Case> all = new ArrayList<>();
        all.add(new Case("busta di trasporto", p, PecMessageKind.TRANSPORT_ENVELOPE,
                c -> c.transportEnvelope(PecTestProvider.original(), PecTestProvider.facts(), TIME),
                "POSTA CERTIFICATA: ", "X-Trasporto", "posta-certificata",
                expected(DaticertType.TRANSPORT, DaticertError.NONE).receiptForm(ReceiptForm.COMPLETE).build(),
                RECIPIENT, true));
        all.add(new Case("accettazione", p, PecMessageKind.ACCEPTANCE,
                c -> c.acceptance(PecTestProvider.facts(), TIME),
                "ACCETTAZIONE: ", "X-Ricevuta", "accettazione",
                expected(DaticertType.ACCEPTANCE, DaticertError.NONE).build(), SENDER, false));
        all.add(new Case("non accettazione", p, PecMessageKind.NON_ACCEPTANCE,
                c -> c.nonAcceptance(PecTestProvider.facts(), "indirizzo non valido nel campo To", TIME),
                "AVVISO DI NON ACCETTAZIONE: ", "X-Ricevuta", "non-accettazione",
                expected(DaticertType.NON_ACCEPTANCE, DaticertError.OTHER)
                        .extendedError("indirizzo non valido nel campo To").build(), SENDER, false));
        all.add(new Case("non accettazione per virus", p, PecMessageKind.NON_ACCEPTANCE_VIRUS,
                c -> c.nonAcceptanceVirus(PecTestProvider.facts(), VIRUS, TIME),
                "AVVISO DI NON ACCETTAZIONE PER VIRUS: ", "X-Ricevuta", "non-accettazione",
                expected(DaticertType.NON_ACCEPTANCE, DaticertError.VIRUS).extendedError(VIRUS).build(),
                SENDER, false));
        all.add(new Case("presa in carico", p, PecMessageKind.TAKE_CHARGE,
                c -> c.takeCharge(PecTestProvider.facts(), List.of(RECIPIENT), MAIL_RECEIPT, TIME),
                "PRESA IN CARICO: ", "X-Ricevuta", "presa-in-carico",
                expected(DaticertType.TAKE_CHARGE, DaticertError.NONE).reception(List.of(RECIPIENT)).build(),
                MAIL_RECEIPT, false));
        for (ReceiptForm form : ReceiptForm.values()) {
            all.add(new Case("avvenuta consegna " + form.code(), p, PecMessageKind.DELIVERY,
                    c -> c.delivery(PecTestProvider.facts(), RECIPIENT, form,
                            form == ReceiptForm.CONCISE ? null : postacert(), TIME),
                    "CONSEGNA: ", "X-Ricevuta", "avvenuta-consegna",
                    expected(DaticertType.DELIVERY, DaticertError.NONE).receiptForm(form).delivery(RECIPIENT)
                            .build(), SENDER, form != ReceiptForm.CONCISE));
        }
        all.add(new Case("mancata consegna", p, PecMessageKind.DELIVERY_FAILURE,
                c -> c.deliveryFailure(PecTestProvider.facts(), RECIPIENT, DaticertError.NO_RECIPIENT,
                        "5.1.1 - indirizzo non valido", TIME),
                "AVVISO DI MANCATA CONSEGNA: ", "X-Ricevuta", "errore-consegna",
                expected(DaticertType.DELIVERY_ERROR, DaticertError.NO_RECIPIENT).delivery(RECIPIENT)
                        .extendedError("5.1.1 - indirizzo non valido").build(), SENDER, false));
        all.add(new Case("mancata consegna per virus", p, PecMessageKind.DELIVERY_FAILURE_VIRUS,
                c -> c.deliveryFailureVirus(PecTestProvider.facts(), RECIPIENT, VIRUS, TIME),
                "AVVISO DI MANCATA CONSEGNA PER VIRUS: ", "X-Ricevuta", "errore-consegna",
                expected(DaticertType.DELIVERY_ERROR, DaticertError.VIRUS).delivery(RECIPIENT).extendedError(VIRUS)
                        .build(), SENDER, false));
        for (TimeoutStage stage : TimeoutStage.values()) {
            // the errore-esteso of the timeout notices is the composer's own wording: compared by its hours only
            all.add(new Case("mancata consegna " + stage.hours() + "h", p, PecMessageKind.DELIVERY_TIMEOUT,
                    c -> c.deliveryTimeout(PecTestProvider.facts(), RECIPIENT, stage, TIME),
                    "AVVISO DI MANCATA CONSEGNA PER SUP. TEMPO MASSIMO: ", "X-Ricevuta", "preavviso-errore-consegna",
                    expected(DaticertType.DELIVERY_TIMEOUT, DaticertError.OTHER).delivery(RECIPIENT)
                            .extendedError(stage.hours() + " ore").build(), SENDER, false));
        }
        all.add(new Case("rilevazione virus", p, PecMessageKind.VIRUS_DETECTION,
                c -> c.virusDetection(PecTestProvider.facts(), RECIPIENT, VIRUS, MAIL_RECEIPT, TIME),
                "PROBLEMA DI SICUREZZA: ", "X-Ricevuta", "rilevazione-virus",
                expected(DaticertType.VIRUS_DETECTION, DaticertError.VIRUS).delivery(RECIPIENT)
                        .reception(List.of(RECIPIENT)).extendedError(VIRUS).build(), MAIL_RECEIPT, false));
        all.add(new Case("busta di anomalia", p, PecMessageKind.ANOMALY_ENVELOPE,
                c -> c.anomalyEnvelope(OriginalMessage.of(ordinaryMail()),
                        "la firma digitale del messaggio non risulta attendibile", TIME),
                "ANOMALIA MESSAGGIO: ", "X-Trasporto", "errore", null, RECIPIENT, true));
        return all;
    }

    /** Every kind with the default profile, and four of them with the legacy SHA-1 profile of real providers. */
    static Stream<Case> allCases() {
        List<String> legacy = List.of("busta di trasporto", "accettazione", "avvenuta consegna completa",
                "busta di anomalia");
        return Stream.concat(cases(SignatureProfile.DEFAULT).stream(),
                cases(SignatureProfile.LEGACY_SHA1).stream().filter(c -> legacy.contains(c.name())));
    }

    /** Filing trusts the data the composer kept: they must be what a reader of its daticert.xml gets. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("allCases")
    void composedDaticertShouldBeWhatItsXmlReadsBackAs(Case c) throws Exception {
        try (ComposedMessage m = (ComposedMessage) c.build().with(PecTestProvider.composer(c.profile()))) {
            if (c.daticert() == null) {
                assertThat(m.daticert()).isEmpty();
                assertThat(m.daticertXml()).isEmpty();
                return;
            }
            byte[] carried = PecParts.daticert(m).orElseThrow();
            assertThat(m.daticertXml()).hasValueSatisfying(xml -> assertThat(xml).isEqualTo(carried));
            assertThat(m.daticert()).isEqualTo(DaticertReader.read(carried).daticert());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("allCases")
    void composedMessageShouldClassifyAsItsKindWithDaticertReadBack(Case c) throws Exception {
        PecVerdict v = PecTestProvider.classifier().classify(c.bytes());

        assertThat(v.problems()).isEmpty();
        assertThat(v.category()).isEqualTo(c.category());
        assertThat(v.kind()).contains(c.kind());
        assertThat(v.provider()).contains(PecTestProvider.record());
        assertThat(v.signerSha1()).isEqualTo(Certificates.sha1Hex(PecTestProvider.signing().certificate()));
        assertThat(v.signature().valid()).isTrue();
        assertThat(v.signature().digestAlgorithm()).isEqualTo(c.profile().digestAlgorithm());
        assertThat(v.signature().signingTime()).isEqualTo(TIME.truncatedTo(ChronoUnit.SECONDS));
        assertThat(v.from()).isEqualTo(SERVICE_ADDRESS);
        assertThat(v.subject()).isEqualTo(c.prefix() + (c.daticert() == null ? "Ciao" : SUBJECT));
        if (c.daticert() == null) {
            assertThat(v.daticert()).isEmpty();
            assertThat(v.messageId()).isEqualTo(ORDINARY_MSGID);
            return;
        }
        assertThat(v.riferimentoMessageId()).isEqualTo(CLIENT_MSGID);
        assertThat(v.daticert()).hasValueSatisfying(r -> assertThat(r.clean()).as("%s", r.problems()).isTrue());
        Daticert read = v.certification().orElseThrow();
        if (c.kind() == PecMessageKind.DELIVERY_TIMEOUT) {
            assertThat(read.extendedError()).contains(c.daticert().extendedError());
            read = read.toBuilder().extendedError(c.daticert().extendedError()).build();
        }
        assertThat(read).isEqualTo(c.daticert());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("allCases")
    void composedMessageShouldCarrySubjectAndHeadersOfTheSpec(Case c) throws Exception {
        MimeMessage m = parse(c.bytes());

        assertThat(m.getSubject()).startsWith(c.prefix());
        assertThat(m.getHeader(c.header())).containsExactly(c.value());
        String other = c.header().equals("X-Ricevuta") ? "X-Trasporto" : "X-Ricevuta";
        assertThat(m.getHeader(other)).isNull();
        boolean virusNotice = c.kind() == PecMessageKind.NON_ACCEPTANCE_VIRUS
                || c.kind() == PecMessageKind.DELIVERY_FAILURE_VIRUS;
        if (virusNotice) {
            assertThat(m.getHeader("X-VerificaSicurezza")).containsExactly("errore");
        } else {
            assertThat(m.getHeader("X-VerificaSicurezza")).isNull();
        }
        if (c.kind() == PecMessageKind.VIRUS_DETECTION) {
            assertThat(m.getHeader("X-Mittente")).containsExactly(SENDER);
        } else {
            assertThat(m.getHeader("X-Mittente")).isNull();
        }
        assertThat(m.getHeader("Date")).isNotNull();
        assertThat(m.getMessageID()).isNotBlank();
        assertThat(addresses(m.getRecipients(Message.RecipientType.TO))).contains(c.to());

        InternetAddress from = (InternetAddress) m.getFrom()[0];
        assertThat(from.getAddress()).isEqualTo(SERVICE_ADDRESS);
        if (c.kind().isEnvelope()) {
            // "Per conto di: <original sender>" <posta-certificata@domain>, Reply-To inserted (pec-spec §2.3 a, k)
            String sender = c.kind() == PecMessageKind.ANOMALY_ENVELOPE ? ORDINARY_SENDER : SENDER;
            assertThat(from.getPersonal()).isEqualTo("Per conto di: " + sender);
            assertThat(addresses(m.getReplyTo())).containsExactly(sender);
        } else {
            assertThat(from.getPersonal()).isNull();
        }
        if (c.kind() == PecMessageKind.TRANSPORT_ENVELOPE) {
            assertThat(m.getMessageID()).isEqualTo("<" + PEC_MSGID + ">");
            assertThat(m.getHeader("X-TipoRicevuta")).containsExactly("completa");
            assertThat(addresses(m.getRecipients(Message.RecipientType.CC))).containsExactly(CC_RECIPIENT);
        }
        if (c.kind() == PecMessageKind.ANOMALY_ENVELOPE) {
            assertThat(m.getMessageID()).isEqualTo(ORDINARY_MSGID);
            assertThat(m.getHeader("X-Riferimento-Message-ID")).isNull();
        } else {
            assertThat(m.getHeader("X-Riferimento-Message-ID")).containsExactly(CLIENT_MSGID);
            assertThat(m.getMessageID()).endsWith("@" + DOMAIN + ">");
        }
        ContentType type = new ContentType(m.getContentType());
        assertThat(type.getBaseType()).isEqualTo("multipart/signed");
        assertThat(type.getParameter("micalg")).isEqualTo(c.profile().micalg());
        assertThat(type.getParameter("protocol")).isEqualTo(c.profile().signatureContentType());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("allCases")
    void composedMessageShouldCarryDtdValidDaticertAndTheOriginalWhereDue(Case c) throws Exception {
        MimeMessage m = parse(c.bytes());

        List<byte[]> daticert = PecTestProvider.attachments(m, "daticert.xml");
        List<byte[]> postacert = PecTestProvider.attachments(m, "postacert.eml");
        assertThat(postacert).hasSize(c.original() ? 1 : 0);
        if (c.daticert() == null) {
            assertThat(daticert).isEmpty();
            assertThat(postacert.get(0)).isEqualTo(ordinaryMail());
            return;
        }
        assertThat(daticert).hasSize(1);
        assertThat(DaticertDtd.validate(daticert.get(0))).isEmpty();
        assertThat(new String(daticert.get(0), StandardCharsets.UTF_8))
                .startsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?>")
                .contains("tipo=\"" + c.daticert().type().code() + "\"");
        assertThat(DaticertReader.read(daticert.get(0)).daticert().orElseThrow().identifier()).isEqualTo(PEC_MSGID);
        if (c.kind() == PecMessageKind.TRANSPORT_ENVELOPE) {
            // postacert.eml: the original with the PEC msgid as Message-ID and the client's kept (pec-spec §7)
            MimeMessage inner = parse(postacert.get(0));
            assertThat(inner.getMessageID()).isEqualTo("<" + PEC_MSGID + ">");
            assertThat(inner.getHeader("X-Riferimento-Message-ID")).containsExactly(CLIENT_MSGID);
            assertThat(inner.getSubject()).isEqualTo(SUBJECT);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("allCases")
    void opensslShouldVerifyComposedMessage(Case c) throws Exception {
        OpenSsl.assumeAvailable();
        Path ca = PecTestProvider.writeCaPem(tmp);

        OpenSsl.Result r = OpenSsl.verifySmime(c.bytes(), ca, TIME);

        assertThat(r.ok()).as("openssl: %s", r.stderr()).isTrue();
        assertThat(r.stderr()).contains("Verification successful");
        assertThat(r.stdout()).contains(c.daticert() == null ? "postacert.eml" : "daticert.xml");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("allCases")
    void tamperedCopyShouldBeOrdinaryMail(Case c) throws Exception {
        byte[] good = c.bytes();
        byte[] bad = PecTestProvider.tamperSignedText(good);
        assertThat(bad).hasSameSizeAs(good).isNotEqualTo(good);

        PecVerdict v = PecTestProvider.classifier().classify(bad);

        assertThat(v.category()).isEqualTo(PecVerdict.Category.ORDINARY);
        assertThat(v.signature().signed()).isTrue();
        assertThat(v.signature().signatureValid()).isFalse();
        assertThat(v.provider()).isEmpty();
        assertThat(v.problems()).anySatisfy(p -> assertThat(p).startsWith("S/MIME: ").contains("signature"));
        // the claim is still visible, for the anomaly text
        assertThat(v.kind()).contains(c.kind());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("allCases")
    void opensslShouldRejectTamperedCopy(Case c) throws Exception {
        OpenSsl.assumeAvailable();
        Path ca = PecTestProvider.writeCaPem(tmp);

        OpenSsl.Result r = OpenSsl.verifySmime(PecTestProvider.tamperSignedText(c.bytes()), ca, TIME);

        assertThat(r.ok()).isFalse();
        assertThat(r.stderr()).doesNotContain("Verification successful");
    }

    private static MimeMessage parse(byte[] raw) throws MessagingException {
        return new MimeMessage(SESSION, new ByteArrayInputStream(raw));
    }

    private static List<String> addresses(Address[] all) {
        List<String> out = new ArrayList<>();
        if (all != null) {
            for (Address a : all) {
                out.add(((InternetAddress) a).getAddress());
            }
        }
        return out;
    }
}
