package it.certmail.pec.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import javax.net.ssl.SSLContext;

import it.certmail.pec.crypto.TlsContexts;
import it.certmail.pec.e2e.support.Clamd;
import it.certmail.pec.e2e.support.FakeSmtpServer;
import it.certmail.pec.e2e.support.GeneratedMessages;
import it.certmail.pec.e2e.support.Mailbox;
import it.certmail.pec.e2e.support.OpenSsl;
import it.certmail.pec.e2e.support.PecMail;
import it.certmail.pec.e2e.support.PecRest;
import it.certmail.pec.e2e.support.PecServer;
import it.certmail.pec.e2e.support.RawSmtp;
import it.certmail.pec.e2e.support.SilentPecPeer;
import it.certmail.pec.e2e.support.Submission;
import it.certmail.pec.receipts.domain.Daticert;
import it.certmail.pec.receipts.domain.Recipient;
import it.certmail.pec.receipts.domain.RecipientType;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Due gestori reali: provider A ({@code pec.a.test}, users {@code @a.test}) and provider B ({@code pec.b.test},
 * users {@code @b.test}) started with {@code ./pec run}, each importing the other's index record and CA, plus a
 * silent PEC provider for {@code c.test} and an ordinary mail server for {@code d.test} in this JVM. Users submit
 * with Jakarta Mail over implicit TLS; hand-made messages go into the reception points over raw SMTP. Every
 * message a provider generates is checked with {@code openssl smime -verify} against the issuing provider's CA and
 * its daticert.xml against the DTD. The clock-moving scenario runs last: it changes provider A's time.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TwoProvidersE2E {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Duration QUIET = Duration.ofSeconds(3);
    private static final String DELIVERY_TIMEOUTS_JOB = "delivery-timeouts";

    private static PecServer a;
    private static PecServer b;
    private static SilentPecPeer silent;
    private static FakeSmtpServer ordinary;
    private static Optional<Clamd> clamd = Optional.empty();
    private static Mailbox alice;
    private static Mailbox bob;
    private static Mailbox carol;
    private static Optional<Mailbox> serviceA = Optional.empty();
    private static Optional<Mailbox> serviceB = Optional.empty();
    private static Submission aliceSmtp;
    private static Submission bobSmtp;
    private static final GeneratedMessages GENERATED = new GeneratedMessages();
    private static final Map<String, String> DURATIONS = new LinkedHashMap<>();
    private static final AtomicInteger SEQ = new AtomicInteger();
    /** Bob's envelope of the first scenario, tampered with later. */
    private static PecMail firstEnvelopeForBob;
    private static String firstSubject;
    private static long testStart;

    @BeforeAll
    static void startProviders() throws Exception {
        long t0 = System.nanoTime();
        if (!OpenSsl.available()) {
            System.out.println("NOTE: openssl not found: signatures are checked by the DTD/verify endpoint only");
        }
        clamd = Clamd.start();
        silent = new SilentPecPeer("Gestore C Muto", "c.test", PecServer.freePort());
        ordinary = new FakeSmtpServer("mx.d.test", PecServer.freePort(), null);

        a = new PecServer("a", "pec.a.test", "Gestore A").freshDataDir();
        b = new PecServer("b", "pec.b.test", "Gestore B").freshDataDir();
        String toB = "127.0.0.1:" + b.inboundPort();
        String toA = "127.0.0.1:" + a.inboundPort();
        String toC = "127.0.0.1:" + silent.smtp().port();
        a.env("PEC_RELAY_ROUTES", "b.test=" + toB + ",pec.b.test=" + toB + ",c.test=" + toC + ",pec.c.test=" + toC
                        + ",d.test=127.0.0.1:" + ordinary.port())
                .env("PEC_CLOCK_ADJUSTABLE", "true")
                .env("PEC_SUBMISSION_MAX_RECIPIENTS", "50")
                .env("PEC_SUBMISSION_MAX_TOTAL_BYTES", "31457280");
        b.env("PEC_RELAY_ROUTES", "a.test=" + toA + ",pec.a.test=" + toA);
        clamd.ifPresent(c -> b.env("PEC_ANTIVIRUS_CLAMD", c.address()));
        // both boot at once: about 40 s on 2 cores instead of 80
        a.start();
        b.start();
        a.awaitHealthy();
        b.awaitHealthy();
        System.out.println("providers healthy after " + seconds(t0) + ": " + a + ", " + b);

        a.rest().createDomain("a.test");
        b.rest().createDomain("b.test");
        alice = a.mailbox("alice@a.test", "Alice Bianchi");
        bob = b.mailbox("bob@b.test", "Bob Rossi");
        carol = b.mailbox("carol@b.test", "Carol Verdi");
        // index records list the local mail domains: exchange them after the domains exist
        a.rest().importProviders(b.rest().providerLdif() + "\n" + silent.ldif());
        b.rest().importProviders(a.rest().providerLdif());
        a.rest().addTrustAnchors(b.rest().providerCaPem() + silent.caPem());
        b.rest().addTrustAnchors(a.rest().providerCaPem());
        serviceA = a.serviceMailbox();
        serviceB = b.serviceMailbox();
        if (serviceA.isEmpty()) {
            System.out.println("NOTE: no client password for " + a.serviceAddress() + ": PRESA IN CARICO not checked");
        }
        aliceSmtp = new Submission(a, alice);
        bobSmtp = new Submission(b, bob);
        DURATIONS.put("setup (start both, provision, exchange)", seconds(t0));
    }

    @AfterAll
    static void stopProviders() throws IOException {
        System.out.println("=== TwoProvidersE2E durations ===");
        DURATIONS.forEach((k, v) -> System.out.println("  " + k + ": " + v));
        System.out.println(GENERATED.summary());
        if (a != null) {
            a.stop();
        }
        if (b != null) {
            b.stop();
        }
        if (silent != null) {
            silent.close();
        }
        if (ordinary != null) {
            ordinary.close();
        }
        clamd.ifPresent(Clamd::close);
    }

    @BeforeEach
    void startClock() {
        testStart = System.nanoTime();
    }

    @AfterEach
    void recordDuration(TestInfo info) {
        DURATIONS.put(info.getDisplayName(), seconds(testStart));
    }

    // ---------------------------------------------------------------------------------------------------------
    // delivery between providers

    @Test
    @Order(1)
    void aliceToBobAndCarolShouldYieldAcceptanceEnvelopesTakeChargeAndDeliveryReceipts() throws Exception {
        String subject = subject("A verso B");
        firstSubject = subject;
        MimeMessage m = aliceSmtp.text(subject, "Ciao Bob e Carol.\nMARKER-TAMPER-ME\n", List.of(bob.address()),
                List.of(carol.address()));
        Submission.Result sent = aliceSmtp.send(m);
        assertThat(sent.code()).as("SMTP reply %s", sent.reply()).isEqualTo(250);
        String msgid = m.getMessageID();

        PecMail acceptance = checked(alice.await("ACCETTAZIONE: " + subject, WAIT), a);
        assertThat(acceptance.xRicevuta()).isEqualTo("accettazione");
        assertThat(acceptance.referenceMessageId()).isEqualTo(msgid);
        assertThat(acceptance.fromAddress()).isEqualTo(a.serviceAddress());
        Daticert acc = acceptance.daticert();
        assertThat(acc.type().code()).isEqualTo("accettazione");
        assertThat(acc.error().code()).isEqualTo("nessuno");
        assertThat(acc.sender()).isEqualTo(alice.address());
        assertThat(acc.recipients()).extracting(Recipient::address, Recipient::type).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple(bob.address(), RecipientType.CERTIFIED),
                org.assertj.core.groups.Tuple.tuple(carol.address(), RecipientType.CERTIFIED));
        assertThat(acc.receiptForm()).as("no <ricevuta> in the acceptance").isNull();
        assertThat(acc.msgid()).isEqualTo(msgid);
        assertThat(acc.issuer()).isEqualTo("Gestore A");
        assertThat(acceptance.postacertEml()).as("the acceptance does not carry the original").isEmpty();
        String pecId = acc.identifier();

        for (Mailbox rcpt : List.of(bob, carol)) {
            PecMail envelope = checked(rcpt.await("POSTA CERTIFICATA: " + subject, WAIT), a);
            assertThat(envelope.xTrasporto()).isEqualTo("posta-certificata");
            assertThat(envelope.referenceMessageId()).isEqualTo(msgid);
            assertThat(envelope.header("Message-ID")).contains(pecId);
            assertThat(envelope.header("From")).contains("Per conto di: " + alice.address())
                    .contains(a.serviceAddress());
            Daticert d = envelope.daticert();
            assertThat(d.type().code()).isEqualTo("posta-certificata");
            assertThat(d.identifier()).isEqualTo(pecId);
            assertThat(d.receiptForm().code()).isEqualTo("completa");
            assertThat(new String(envelope.postacertEml().orElseThrow(), StandardCharsets.ISO_8859_1))
                    .contains("MARKER-TAMPER-ME");
            if (rcpt == bob) {
                firstEnvelopeForBob = envelope;
            }
        }

        List<PecMail> receipts = alice.await(m2 -> ("CONSEGNA: " + subject).equals(m2.get("subject")), 2, WAIT,
                "two CONSEGNA");
        assertThat(receipts).hasSize(2);
        Map<String, PecMail> byRecipient = new LinkedHashMap<>();
        for (PecMail r : receipts) {
            checked(r, b);
            assertThat(r.xRicevuta()).isEqualTo("avvenuta-consegna");
            assertThat(r.referenceMessageId()).isEqualTo(msgid);
            assertThat(r.fromAddress()).isEqualTo(b.serviceAddress());
            Daticert d = r.daticert();
            assertThat(d.type().code()).isEqualTo("avvenuta-consegna");
            assertThat(d.identifier()).as("same PEC msgid as the acceptance").isEqualTo(pecId);
            assertThat(d.issuer()).isEqualTo("Gestore B");
            byRecipient.put(d.delivery(), r);
        }
        assertThat(byRecipient).containsOnlyKeys(bob.address(), carol.address());
        PecMail toBob = byRecipient.get(bob.address());
        PecMail toCarol = byRecipient.get(carol.address());
        assertThat(toBob.daticert().receiptForm().code()).as("To: recipient, default form").isEqualTo("completa");
        assertThat(toBob.postacertEml()).as("completa carries the original").isPresent();
        assertThat(toCarol.daticert().receiptForm().code()).as("Cc: recipient").isEqualTo("sintetica");
        assertThat(toCarol.postacertEml()).as("sintetica carries no original").isEmpty();

        // the receiving provider's verdict on a receipt it did not sign: A's verify endpoint trusts B
        Map<String, Object> verdict = a.rest().verify(toBob.raw());
        assertThat(verdict.get("kind")).as("verdict %s", verdict).isEqualTo("avvenuta-consegna");
        assertThat(verdict.get("dtdValid")).isEqualTo(Boolean.TRUE);

        Assumptions.assumeTrue(serviceA.isPresent(), "service mailbox of A not readable: PRESA IN CARICO unchecked");
        List<PecMail> takeCharge = serviceA.get().await(m2 -> ("PRESA IN CARICO: " + subject).equals(m2.get("subject")),
                1, WAIT, "PRESA IN CARICO");
        List<String> covered = new ArrayList<>();
        for (PecMail p : takeCharge) {
            checked(p, b);
            assertThat(p.xRicevuta()).isEqualTo("presa-in-carico");
            Daticert d = p.daticert();
            assertThat(d.type().code()).isEqualTo("presa-in-carico");
            assertThat(d.identifier()).isEqualTo(pecId);
            covered.addAll(d.reception());
        }
        assertThat(covered).containsExactlyInAnyOrder(bob.address(), carol.address());
    }

    @Test
    @Order(2)
    void breveShouldGiveBobABriefReceiptWithHashedAttachments() throws Exception {
        String subject = subject("breve");
        MimeMessage m = aliceSmtp.withAttachment(subject, "Ricevuta breve, per favore.", List.of(bob.address()),
                List.of(carol.address()), "fattura.pdf", "%PDF-1.4 finta fattura\n".getBytes(StandardCharsets.US_ASCII),
                "application/pdf");
        m.setHeader("X-TipoRicevuta", "breve");
        assertThat(aliceSmtp.send(m).code()).isEqualTo(250);

        PecMail envelope = checked(bob.await("POSTA CERTIFICATA: " + subject, WAIT), a);
        assertThat(envelope.header("X-TipoRicevuta")).isEqualToIgnoringCase("breve");
        assertThat(envelope.daticert().receiptForm().code()).isEqualTo("breve");

        List<PecMail> receipts = alice.await(x -> ("CONSEGNA: " + subject).equals(x.get("subject")), 2, WAIT,
                "two CONSEGNA");
        PecMail toBob = receipts.stream().filter(r -> bob.address().equals(r.daticert().delivery())).findFirst()
                .orElseThrow();
        PecMail toCarol = receipts.stream().filter(r -> carol.address().equals(r.daticert().delivery())).findFirst()
                .orElseThrow();
        checked(toBob, b);
        checked(toCarol, b);
        assertThat(toBob.daticert().receiptForm().code()).isEqualTo("breve");
        assertThat(toBob.postacertEml()).as("breve keeps the original's structure").isPresent();
        assertThat(toBob.fileNames()).as("attachments replaced by their hash").contains("fattura.pdf.hash")
                .doesNotContain("fattura.pdf");
        assertThat(toCarol.daticert().receiptForm().code()).isEqualTo("sintetica");
    }

    @Test
    @Order(3)
    void sinteticaShouldGiveBobAConciseReceipt() throws Exception {
        String subject = subject("sintetica");
        MimeMessage m = aliceSmtp.text(subject, "Ricevuta sintetica.", List.of(bob.address()), List.of());
        m.setHeader("X-TipoRicevuta", "sintetica");
        assertThat(aliceSmtp.send(m).code()).isEqualTo(250);
        checked(bob.await("POSTA CERTIFICATA: " + subject, WAIT), a);
        PecMail receipt = checked(alice.await("CONSEGNA: " + subject, WAIT), b);
        assertThat(receipt.daticert().receiptForm().code()).isEqualTo("sintetica");
        assertThat(receipt.daticert().delivery()).isEqualTo(bob.address());
        assertThat(receipt.postacertEml()).isEmpty();
    }

    /**
     * A chooses the legacy profile for Gestore B (REST, as the console's providers page does): what A sends to B's
     * domains (the envelope to Bob, the delivery receipt to Bob, the presa in carico to B's service mailbox) is
     * signed SHA-1 as real providers sign, what A sends to its own Alice keeps the global SHA-256, and B, which chose
     * nothing, keeps its own. Every message passes openssl and the DTD ({@link #checked}).
     */
    @Test
    @Order(6)
    void aLegacyProfileChosenForProviderBShouldSignWhatAGivesToB() throws Exception {
        assertThat(a.rest().chooseSignatureProfile("Gestore B", "legacy").requireOk("PUT signature-profile").text())
                .contains("\"effectiveSignatureProfile\":\"legacy\"");
        assertThat(a.rest().chooseSignatureProfile("Gestore Nessuno", "legacy").status()).isEqualTo(404);
        assertThat(a.rest().chooseSignatureProfile("Gestore B", "md5").status()).isEqualTo(400);
        assertThat(a.rest().adminGet("/api/admin/providers").requireOk("GET providers").text())
                .contains("\"signatureProfile\":\"legacy\"");
        try {
            String subject = subject("profilo legacy");
            MimeMessage m = aliceSmtp.text(subject, "Ciao Bob.", List.of(bob.address()), List.of());
            assertThat(aliceSmtp.send(m).code()).isEqualTo(250);
            assertThat(micalg(checked(alice.await("ACCETTAZIONE: " + subject, WAIT), a))).isEqualTo("sha-256");
            assertThat(micalg(checked(bob.await("POSTA CERTIFICATA: " + subject, WAIT), a))).isEqualTo("sha1");
            assertThat(micalg(checked(alice.await("CONSEGNA: " + subject, WAIT), b))).isEqualTo("sha-256");

            String back = subject("profilo legacy ritorno");
            MimeMessage r = bobSmtp.text(back, "Ciao Alice.", List.of(alice.address()), List.of());
            assertThat(bobSmtp.send(r).code()).isEqualTo(250);
            assertThat(micalg(checked(alice.await("POSTA CERTIFICATA: " + back, WAIT), b))).isEqualTo("sha-256");
            assertThat(micalg(checked(bob.await("CONSEGNA: " + back, WAIT), a))).isEqualTo("sha1");
            if (serviceB.isPresent()) {
                assertThat(micalg(checked(serviceB.get().await("PRESA IN CARICO: " + back, WAIT), a)))
                        .isEqualTo("sha1");
            }
        } finally {
            a.rest().chooseSignatureProfile("Gestore B", "default").requireOk("PUT signature-profile default");
        }
    }

    private static String micalg(PecMail mail) throws Exception {
        return new jakarta.mail.internet.ContentType(mail.mime().getContentType()).getParameter("micalg");
    }

    /** Larger than what a spool keeps in memory: every step on both sides works through temporary files. */
    @Test
    @Order(5)
    void aSixteenMegabyteMessageShouldCrossProvidersAndArriveByteForByteWithItsCompleteReceipt() throws Exception {
        String subject = subject("grande");
        byte[] attachment = new byte[12 * 1024 * 1024];
        new Random(42).nextBytes(attachment);
        MimeMessage m = aliceSmtp.withAttachment(subject, "Allegato grande.", List.of(bob.address()), List.of(),
                "grande.bin", attachment, "application/octet-stream");
        assertThat(aliceSmtp.send(m).code()).isEqualTo(250);

        PecMail envelope = checked(bob.await("POSTA CERTIFICATA: " + subject, WAIT), a);
        assertThat(envelope.raw().length).isGreaterThan(attachment.length);
        assertThat(attachmentOf(envelope.postacertEml().orElseThrow(), "grande.bin")).isEqualTo(attachment);
        PecMail receipt = checked(alice.await("CONSEGNA: " + subject, WAIT), b);
        assertThat(receipt.daticert().receiptForm().code()).isEqualTo("completa");
        assertThat(attachmentOf(receipt.postacertEml().orElseThrow(), "grande.bin")).isEqualTo(attachment);
    }

    /** The decoded content of the part named {@code fileName} in a message. */
    private static byte[] attachmentOf(byte[] eml, String fileName) throws Exception {
        MimeMessage msg = new MimeMessage(aliceSmtp.session(), new ByteArrayInputStream(eml));
        ArrayDeque<Part> parts = new ArrayDeque<>(List.of(msg));
        while (!parts.isEmpty()) {
            Part p = parts.pop();
            if (fileName.equals(p.getFileName())) {
                try (InputStream in = p.getInputStream()) {
                    return in.readAllBytes();
                }
            }
            if (p.isMimeType("multipart/*")) {
                Multipart mp = (Multipart) p.getContent();
                for (int i = 0; i < mp.getCount(); i++) {
                    parts.add(mp.getBodyPart(i));
                }
            }
        }
        throw new AssertionError("no part named " + fileName);
    }

    @Test
    @Order(4)
    void bobToAliceShouldWorkTheOtherWayRound() throws Exception {
        String subject = subject("B verso A");
        MimeMessage m = bobSmtp.text(subject, "Ciao Alice.", List.of(alice.address()), List.of());
        assertThat(bobSmtp.send(m).code()).isEqualTo(250);
        PecMail acceptance = checked(bob.await("ACCETTAZIONE: " + subject, WAIT), b);
        assertThat(acceptance.daticert().type().code()).isEqualTo("accettazione");
        PecMail envelope = checked(alice.await("POSTA CERTIFICATA: " + subject, WAIT), b);
        assertThat(envelope.xTrasporto()).isEqualTo("posta-certificata");
        assertThat(envelope.daticert().sender()).isEqualTo(bob.address());
        PecMail receipt = checked(bob.await("CONSEGNA: " + subject, WAIT), a);
        assertThat(receipt.daticert().delivery()).isEqualTo(alice.address());
        assertThat(receipt.daticert().issuer()).isEqualTo("Gestore A");
        if (serviceB.isPresent()) {
            PecMail takeCharge = checked(serviceB.get().await("PRESA IN CARICO: " + subject, WAIT), a);
            assertThat(takeCharge.daticert().reception()).containsExactly(alice.address());
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // avvisi di non accettazione

    @Test
    @Order(10)
    void bccShouldNotBeAccepted() throws Exception {
        String subject = subject("Bcc");
        byte[] raw = handMade(alice.address(), "To: " + bob.address() + "\r\nBcc: " + carol.address() + "\r\n",
                subject, "Con copia nascosta.");
        try (RawSmtp c = RawSmtp.implicitTls(a.submissionPort(), trusting(a))) {
            c.greeting();
            c.ehlo("client.test");
            assertThat(c.authPlain(alice.address(), alice.password()).code()).isEqualTo(235);
            RawSmtp.Outcome o = c.send(alice.address(), List.of(bob.address()), raw);
            assertThat(o.last().code()).as("%s", o).isEqualTo(250);
            c.quit();
        }
        assertNonAcceptance(subject, "Bcc");
    }

    @Test
    @Order(11)
    void fromOtherThanTheAuthenticatedMailboxShouldNotBeAccepted() throws Exception {
        String subject = subject("From altrui");
        MimeMessage m = aliceSmtp.text(subject, "Mi spaccio per Carol.", List.of(bob.address()), List.of());
        m.setFrom(carol.address());
        assertThat(aliceSmtp.send(m).code()).isEqualTo(250);
        assertNonAcceptance(subject, "casella autenticata");
    }

    @Test
    @Order(12)
    void moreRecipientsThanTheLimitShouldNotBeAccepted() throws Exception {
        String subject = subject("51 destinatari");
        List<String> many = IntStream.rangeClosed(1, 51).mapToObj(i -> String.format("r%02d@b.test", i)).toList();
        MimeMessage m = aliceSmtp.text(subject, "Troppi.", many, List.of());
        assertThat(aliceSmtp.send(m).code()).isEqualTo(250);
        assertNonAcceptance(subject, "numero di destinatari (51)");
    }

    @Test
    @Order(13)
    void sizeTimesRecipientsOverTheLimitShouldNotBeAccepted() throws Exception {
        String subject = subject("troppo grande");
        byte[] big = new byte[12 * 1024 * 1024];
        new Random(7).nextBytes(big);
        // 12 MiB in base64 is about 16 MB; two recipients make 32 MB > 30 MiB
        MimeMessage m = aliceSmtp.withAttachment(subject, "Allegato grosso.", List.of(bob.address()),
                List.of(carol.address()), "grosso.bin", big, "application/octet-stream");
        Submission.Result r = aliceSmtp.send(m);
        assertThat(r.code()).as("%s", r).isEqualTo(250);
        assertNonAcceptance(subject, "dimensione");
        assertThat(carol.withSubject("POSTA CERTIFICATA: " + subject)).isEmpty();
    }

    @Test
    @Order(14)
    void aDeclaredSizeOverTheSmtpCapShouldBeRefusedWith552() throws Exception {
        // the real 110 MiB upload is not worth its time here: the SIZE parameter (RFC 1870) is refused up front
        try (RawSmtp c = RawSmtp.implicitTls(a.submissionPort(), trusting(a))) {
            c.greeting();
            RawSmtp.Reply ehlo = c.ehlo("client.test");
            String size = ehlo.lines().stream().filter(l -> l.startsWith("SIZE")).findFirst().orElse("");
            assertThat(size).as("EHLO advertises SIZE: %s", ehlo).startsWith("SIZE ");
            long cap = Long.parseLong(size.substring(5).trim());
            System.out.println("submission SMTP cap (SIZE): " + cap + " bytes");
            assertThat(c.authPlain(alice.address(), alice.password()).code()).isEqualTo(235);
            RawSmtp.Reply mail = c.command("MAIL FROM:<" + alice.address() + "> SIZE=" + (cap + 1));
            assertThat(mail.code()).as("%s", mail).isEqualTo(552);
            c.quit();
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // delivery failures, ordinary recipients

    @Test
    @Order(20)
    void unknownRecipientShouldYieldAvvisoDiMancataConsegnaNoDest() throws Exception {
        String subject = subject("destinatario inesistente");
        MimeMessage m = aliceSmtp.text(subject, "Nessuno.", List.of("nobody@b.test"), List.of());
        assertThat(aliceSmtp.send(m).code()).isEqualTo(250);
        checked(alice.await("ACCETTAZIONE: " + subject, WAIT), a);
        PecMail notice = checked(alice.await("AVVISO DI MANCATA CONSEGNA: " + subject, WAIT), b);
        assertThat(notice.xRicevuta()).isEqualTo("errore-consegna");
        assertThat(notice.header("X-VerificaSicurezza")).isNull();
        Daticert d = notice.daticert();
        assertThat(d.type().code()).isEqualTo("errore-consegna");
        assertThat(d.error().code()).isEqualTo("no-dest");
        assertThat(d.delivery()).isEqualTo("nobody@b.test");
        assertThat(d.extendedError()).isNotBlank();
        assertThat(alice.withSubject("CONSEGNA: " + subject)).isEmpty();
    }

    @Test
    @Order(21)
    void nonPecRecipientShouldGetTheSignedEnvelopeAndBeListedAsOrdinaryMail() throws Exception {
        String subject = subject("verso posta ordinaria");
        MimeMessage m = aliceSmtp.text(subject, "Ciao Dave.", List.of("dave@d.test"), List.of());
        assertThat(aliceSmtp.send(m).code()).isEqualTo(250);
        PecMail acceptance = checked(alice.await("ACCETTAZIONE: " + subject, WAIT), a);
        assertThat(acceptance.daticert().recipients()).containsExactly(Recipient.external("dave@d.test"));
        assertThat(acceptance.text()).contains("posta ordinaria");

        FakeSmtpServer.Received got = ordinary.await(r -> r.text().contains("POSTA CERTIFICATA: " + subject), WAIT,
                "the envelope for dave");
        assertThat(got.rcpts()).containsExactly("dave@d.test");
        assertThat(got.mailFrom()).isEqualToIgnoringCase(alice.address());
        PecMail envelope = checked(new PecMail("dave@d.test (ordinary server)", "smtp", got.data()), a);
        assertThat(envelope.xTrasporto()).isEqualTo("posta-certificata");
        assertThat(envelope.daticert().recipients()).containsExactly(Recipient.external("dave@d.test"));
    }

    // ---------------------------------------------------------------------------------------------------------
    // reception point: ordinary mail and broken envelopes

    @Test
    @Order(30)
    void plainMailIntoTheReceptionPointShouldBecomeAnAnomalyEnvelope() throws Exception {
        String subject = subject("posta ordinaria in chiaro");
        byte[] raw = handMade("eve@example.org", "To: " + bob.address() + "\r\n", subject, "Non sono PEC.");
        try (RawSmtp c = RawSmtp.plain(b.inboundPort())) {
            c.greeting();
            c.ehlo("mx.example.org");
            RawSmtp.Outcome o = c.send("eve@example.org", List.of(bob.address()), raw);
            assertThat(o.accepted()).as("%s", o).isTrue();
            c.quit();
        }
        PecMail anomaly = checked(bob.await("ANOMALIA MESSAGGIO: " + subject, WAIT), b);
        assertThat(anomaly.xTrasporto()).isEqualTo("errore");
        assertThat(anomaly.daticertXml()).as("a busta di anomalia has no daticert").isEmpty();
        assertThat(anomaly.header("From")).contains("eve@example.org").contains(b.serviceAddress());

        // the same over STARTTLS
        String subject2 = subject("posta ordinaria STARTTLS");
        byte[] raw2 = handMade("eve@example.org", "To: " + bob.address() + "\r\n", subject2, "Cifrata ma non PEC.");
        try (RawSmtp c = RawSmtp.plain(b.inboundPort())) {
            c.greeting();
            RawSmtp.Reply ehlo = c.ehlo("mx.example.org");
            assertThat(ehlo.lines()).as("the reception point offers STARTTLS").contains("STARTTLS");
            assertThat(c.startTls(trusting(b), "mx.example.org").code()).isEqualTo(250);
            RawSmtp.Outcome o = c.send("eve@example.org", List.of(bob.address()), raw2);
            assertThat(o.accepted()).as("%s", o).isTrue();
            c.quit();
        }
        checked(bob.await("ANOMALIA MESSAGGIO: " + subject2, WAIT), b);
    }

    @Test
    @Order(31)
    void plainMailShouldBeRefusedWith550WhenTheMailboxTakesNoOrdinaryMail() throws Exception {
        String subject = subject("rifiutata");
        byte[] raw = handMade("eve@example.org", "To: " + bob.address() + "\r\n", subject, "Non la vuole.");
        b.rest().setAcceptOrdinaryMail(bob.address(), false);
        try (RawSmtp c = RawSmtp.plain(b.inboundPort())) {
            c.greeting();
            c.ehlo("mx.example.org");
            RawSmtp.Outcome o = c.send("eve@example.org", List.of(bob.address()), raw);
            assertThat(o.last().code()).as("%s", o).isEqualTo(550);
            c.quit();
        } finally {
            b.rest().setAcceptOrdinaryMail(bob.address(), true);
        }
        assertThat(bob.afterQuietPeriod("ANOMALIA MESSAGGIO: " + subject, QUIET)).isEmpty();
    }

    @Test
    @Order(31)
    void anEnvelopeSentAgainShouldBeAnsweredAsBeforeAndDeliveredOnce() throws Exception {
        // what provider A's relay does when it is killed between B's 250 and recording it: the same bytes again
        Assumptions.assumeTrue(firstEnvelopeForBob != null, "needs the envelope of the first scenario");
        int receiptsBefore = alice.withSubject("CONSEGNA: " + firstSubject).size();
        int takeChargeBefore = takeChargeCountForTheFirst();

        RawSmtp.Outcome o = asProviderAToB(firstEnvelopeForBob.raw());
        assertThat(o.accepted()).as("a copy sent again is answered as the first: %s", o).isTrue();
        assertNothingMoreForTheFirstEnvelope(receiptsBefore, takeChargeBefore, "a copy sent again");
    }

    @Test
    @Order(32)
    void aTamperedEnvelopeShouldBecomeAnAnomalyWithoutDeliveryReceipt() throws Exception {
        Assumptions.assumeTrue(firstEnvelopeForBob != null, "needs the envelope of the first scenario");
        byte[] tampered = firstEnvelopeForBob.raw().clone();
        String raw = new String(tampered, StandardCharsets.ISO_8859_1);
        int at = raw.indexOf("MARKER-TAMPER-ME");
        assertThat(at).as("marker inside the signed postacert.eml").isPositive();
        tampered[at] = 'N';
        int receiptsBefore = alice.withSubject("CONSEGNA: " + firstSubject).size();
        int takeChargeBefore = takeChargeCountForTheFirst();

        RawSmtp.Outcome o = asProviderAToB(tampered);
        assertThat(o.accepted()).as("%s", o).isTrue();
        String anomalySubject = "ANOMALIA MESSAGGIO: POSTA CERTIFICATA: " + firstSubject;
        PecMail anomaly = checked(bob.await(anomalySubject, WAIT), b);
        assertThat(anomaly.xTrasporto()).isEqualTo("errore");
        assertThat(anomaly.text()).isNotBlank();
        assertNothingMoreForTheFirstEnvelope(receiptsBefore, takeChargeBefore, "a broken envelope");
    }

    private static int takeChargeCountForTheFirst() {
        return serviceA.map(s -> s.withSubject("PRESA IN CARICO: " + firstSubject).size()).orElse(0);
    }

    /** After B took {@code what}: no more delivery receipts or presa in carico at A, and bob still has one envelope. */
    private static void assertNothingMoreForTheFirstEnvelope(int receiptsBefore, int takeChargeBefore, String what) {
        assertThat(alice.afterQuietPeriod("CONSEGNA: " + firstSubject, QUIET)).as("no delivery receipt for " + what)
                .hasSize(receiptsBefore);
        assertThat(takeChargeCountForTheFirst()).as("no presa in carico for " + what).isEqualTo(takeChargeBefore);
        assertThat(bob.withSubject("POSTA CERTIFICATA: " + firstSubject)).as("not delivered a second time")
                .hasSize(1);
    }

    /** Sends {@code message} from alice to bob into B's reception point over STARTTLS, as provider A's relay does. */
    private static RawSmtp.Outcome asProviderAToB(byte[] message) throws Exception {
        try (RawSmtp c = RawSmtp.plain(b.inboundPort())) {
            c.greeting();
            c.ehlo("mx.pec.a.test");
            assertThat(c.startTls(trusting(b), "mx.pec.a.test").code()).isEqualTo(250);
            RawSmtp.Outcome o = c.send(alice.address(), List.of(bob.address()), message);
            c.quit();
            return o;
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // antivirus (provider B only)

    @Test
    @Order(40)
    void infectedSubmissionShouldNotBeAcceptedForVirus() throws Exception {
        Assumptions.assumeTrue(clamd.isPresent(), "no clamd: virus scenarios skipped");
        String subject = subject("virus in uscita");
        MimeMessage m = bobSmtp.withAttachment(subject, "Allegato infetto.", List.of(alice.address()), List.of(),
                "eicar.com", Clamd.EICAR, "application/octet-stream");
        assertThat(bobSmtp.send(m).code()).isEqualTo(250);
        PecMail notice = checked(bob.await("AVVISO DI NON ACCETTAZIONE PER VIRUS: " + subject, WAIT), b);
        assertThat(notice.xRicevuta()).isEqualTo("non-accettazione");
        assertThat(notice.header("X-VerificaSicurezza")).isEqualToIgnoringCase("errore");
        Daticert d = notice.daticert();
        assertThat(d.type().code()).isEqualTo("non-accettazione");
        assertThat(d.error().code()).isEqualTo("virus");
        assertThat(notice.postacertEml()).isEmpty();
        assertThat(bob.withSubject("ACCETTAZIONE: " + subject)).isEmpty();
        assertThat(alice.afterQuietPeriod("POSTA CERTIFICATA: " + subject, QUIET)).isEmpty();
    }

    @Test
    @Order(41)
    void infectedEnvelopeShouldYieldVirusDetectionAndAvvisoDiMancataConsegnaPerVirus() throws Exception {
        Assumptions.assumeTrue(clamd.isPresent(), "no clamd: virus scenarios skipped");
        String subject = subject("virus in ingresso");
        MimeMessage m = aliceSmtp.withAttachment(subject, "A non ha antivirus.", List.of(bob.address()), List.of(),
                "eicar.com", Clamd.EICAR, "application/octet-stream");
        assertThat(aliceSmtp.send(m).code()).isEqualTo(250);
        checked(alice.await("ACCETTAZIONE: " + subject, WAIT), a);
        PecMail notice = checked(alice.await("AVVISO DI MANCATA CONSEGNA PER VIRUS: " + subject, Duration.ofSeconds(90)),
                a);
        assertThat(notice.xRicevuta()).isEqualTo("errore-consegna");
        assertThat(notice.header("X-VerificaSicurezza")).isEqualToIgnoringCase("errore");
        Daticert d = notice.daticert();
        assertThat(d.type().code()).isEqualTo("errore-consegna");
        assertThat(d.error().code()).isEqualTo("virus");
        assertThat(d.delivery()).isEqualTo(bob.address());
        if (serviceA.isPresent()) {
            PecMail detection = checked(serviceA.get().await("PROBLEMA DI SICUREZZA: " + subject, WAIT), b);
            assertThat(detection.xRicevuta()).isEqualTo("rilevazione-virus");
            assertThat(detection.header("X-Mittente")).contains(alice.address());
            assertThat(detection.daticert().error().code()).isEqualTo("virus");
            assertThat(detection.postacertEml()).isEmpty();
        }
        assertThat(bob.withSubject("POSTA CERTIFICATA: " + subject)).isEmpty();
        assertThat(alice.withSubject("CONSEGNA: " + subject)).isEmpty();
    }

    // ---------------------------------------------------------------------------------------------------------
    // 12 h / 24 h: moves provider A's clock, so it runs after everything else that A tracks

    @Test
    @Order(90)
    void silentPeerShouldYieldThe12hAnd24hNoticesOnce() throws Exception {
        String subject = subject("gestore muto");
        MimeMessage m = aliceSmtp.text(subject, "Nessuno risponderà.", List.of("x@c.test"), List.of());
        assertThat(aliceSmtp.send(m).code()).isEqualTo(250);
        PecMail acceptance = checked(alice.await("ACCETTAZIONE: " + subject, WAIT), a);
        assertThat(acceptance.daticert().recipients()).containsExactly(Recipient.certified("x@c.test"));
        FakeSmtpServer.Received got = silent.smtp().await(r -> r.text().contains("POSTA CERTIFICATA: " + subject),
                WAIT, "the envelope for x@c.test");
        assertThat(got.tls()).as("PEC peers get the envelope over STARTTLS only").isTrue();

        String noticeSubject = "AVVISO DI MANCATA CONSEGNA PER SUP. TEMPO MASSIMO: " + subject;
        PecRest.Response advanced = a.rest().advanceClock(13);
        Assumptions.assumeTrue(advanced.status() != 404 && advanced.status() != 405,
                "POST /api/admin/clock/advance missing (" + advanced.status() + "): 12 h / 24 h scenario not run");
        assertThat(advanced.ok()).as("clock advance: %s %s", advanced.status(), advanced.text()).isTrue();
        PecRest.Response run = a.rest().runJob(DELIVERY_TIMEOUTS_JOB);
        Assumptions.assumeTrue(run.status() != 404 && run.status() != 405,
                "POST /api/admin/jobs/delivery-timeouts/run missing (" + run.status() + "): 12 h / 24 h not run");
        assertThat(run.ok()).as("job run: %s %s", run.status(), run.text()).isTrue();
        System.out.println("after +13 h: " + run.text());

        PecMail first = checked(alice.await(noticeSubject, WAIT), a);
        assertThat(first.xRicevuta()).isEqualTo("preavviso-errore-consegna");
        Daticert d1 = first.daticert();
        assertThat(d1.type().code()).isEqualTo("preavviso-errore-consegna");
        assertThat(d1.delivery()).isEqualTo("x@c.test");
        assertThat(first.text()).contains("12");

        assertThat(a.rest().advanceClock(12).ok()).isTrue();
        run = a.rest().runJob(DELIVERY_TIMEOUTS_JOB);
        assertThat(run.ok()).as("job run: %s %s", run.status(), run.text()).isTrue();
        System.out.println("after +25 h: " + run.text());
        List<PecMail> both = alice.await(x -> noticeSubject.equals(x.get("subject")), 2, WAIT, "the 24 h notice");
        both.forEach(n -> checked(n, a));
        assertThat(both).extracting(n -> n.daticert().type().code()).containsOnly("preavviso-errore-consegna");
        assertThat(both).anySatisfy(n -> assertThat(n.text()).contains("24"));

        run = a.rest().runJob(DELIVERY_TIMEOUTS_JOB);
        assertThat(run.ok()).isTrue();
        Object processed = run.json().get("processed");
        System.out.println("third run: " + run.text());
        assertThat(((Number) processed).intValue()).as("nothing left to notify").isZero();
        assertThat(alice.afterQuietPeriod(noticeSubject, QUIET)).as("no third notice").hasSize(2);

        // delivered or refused messages are no longer tracked: no timeout notice for any of them
        List<Object> otherTimeouts = alice.list().stream().map(x -> x.get("subject")).filter(s -> s != null
                && s.toString().startsWith("AVVISO DI MANCATA CONSEGNA PER SUP. TEMPO MASSIMO: ")
                && !s.equals(noticeSubject)).map(Object.class::cast).toList();
        assertThat(otherTimeouts).as("timeout notices for messages that had a final outcome").isEmpty();
    }

    // ---------------------------------------------------------------------------------------------------------

    @Test
    @Order(100)
    void everyMessageTheProvidersGeneratedShouldVerifyAgainstItsIssuerAndTheDtd() {
        // a sweep of every mailbox: whatever a provider issued, whether a scenario looked at it or not
        List<Mailbox> boxes = new ArrayList<>(List.of(alice, bob, carol));
        serviceA.ifPresent(boxes::add);
        serviceB.ifPresent(boxes::add);
        List<String> problems = new ArrayList<>();
        int swept = 0;
        for (Mailbox box : boxes) {
            for (Map<String, Object> entry : box.list()) {
                if ("ORDINARY".equals(entry.get("pecKind"))) {
                    continue;
                }
                PecMail mail = box.fetch(entry);
                String from = Optional.ofNullable(mail.fromAddress()).orElse("").toLowerCase(Locale.ROOT);
                PecServer issuer = from.endsWith("@" + a.domain()) ? a : from.endsWith("@" + b.domain()) ? b : null;
                if (issuer == null) {
                    problems.add(mail + ": From " + from + " is neither provider");
                    continue;
                }
                swept++;
                GeneratedMessages.problemsOf(mail, issuer).forEach(p -> problems.add(mail + ": " + p));
            }
        }
        problems.addAll(GENERATED.problems());
        System.out.println("swept " + swept + " provider messages in " + boxes.size() + " mailboxes; "
                + GENERATED.summary());
        assertThat(swept).isPositive();
        assertThat(problems).isEmpty();
    }

    // ---------------------------------------------------------------------------------------------------------

    private static void assertNonAcceptance(String subject, String reasonFragment) {
        PecMail notice = checked(alice.await("AVVISO DI NON ACCETTAZIONE: " + subject, WAIT), a);
        assertThat(notice.xRicevuta()).isEqualTo("non-accettazione");
        assertThat(notice.header("X-VerificaSicurezza")).isNull();
        assertThat(notice.fromAddress()).isEqualTo(a.serviceAddress());
        Daticert d = notice.daticert();
        assertThat(d.type().code()).isEqualTo("non-accettazione");
        assertThat(d.error().code()).isEqualTo("altro");
        assertThat(d.extendedError()).as("errore-esteso").contains(reasonFragment);
        assertThat(notice.text()).contains(reasonFragment);
        assertThat(notice.postacertEml()).as("the original is not included").isEmpty();
        assertThat(alice.withSubject("ACCETTAZIONE: " + subject)).isEmpty();
        assertThat(bob.withSubject("POSTA CERTIFICATA: " + subject)).as("nothing delivered").isEmpty();
    }

    private static PecMail checked(PecMail mail, PecServer issuer) {
        List<String> problems = GENERATED.check(mail, issuer);
        assertThat(problems).as("signature/DTD of %s", mail).isEmpty();
        return mail;
    }

    private static SSLContext trusting(PecServer server) throws Exception {
        return TlsContexts.client(List.of(server.caCertificate()));
    }

    private static String subject(String what) {
        return "E2E " + SEQ.incrementAndGet() + " " + what + " " + Long.toString(System.nanoTime() & 0xffffff, 36);
    }

    private static byte[] handMade(String from, String recipientHeaders, String subject, String body) {
        String date = ZonedDateTime.now().format(DateTimeFormatter.RFC_1123_DATE_TIME);
        String id = "<" + Long.toString(System.nanoTime(), 36) + "." + SEQ.get() + "@e2e.test>";
        return ("From: " + from + "\r\n" + recipientHeaders + "Subject: " + subject + "\r\nDate: " + date
                + "\r\nMessage-ID: " + id + "\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\n"
                + body + "\r\n").getBytes(StandardCharsets.UTF_8);
    }

    private static String seconds(long t0) {
        return String.format(Locale.ROOT, "%.1f s", (System.nanoTime() - t0) / 1e9);
    }
}
