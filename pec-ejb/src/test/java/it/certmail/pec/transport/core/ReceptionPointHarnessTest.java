package it.certmail.pec.transport.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.CertificateEncodingException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import it.certmail.pec.crypto.DetachedSignature;
import it.certmail.pec.crypto.LocalPki;
import it.certmail.pec.crypto.MessageSigner;
import it.certmail.pec.crypto.SignatureProfile;
import it.certmail.pec.crypto.SmimeSigner;
import it.certmail.pec.crypto.SmimeVerifier;
import it.certmail.pec.index.domain.InMemoryProviderIndex;
import it.certmail.pec.index.domain.ProviderRecord;
import it.certmail.pec.index.domain.SigningCertificate;
import it.certmail.pec.log.domain.LogEvent;
import it.certmail.pec.log.model.LogEventType;
import it.certmail.pec.mime.Spool;
import it.certmail.pec.receipts.domain.PecMessageIds;
import it.certmail.pec.receipts.domain.PecMessageKind;
import it.certmail.pec.receipts.domain.ReceiptForm;
import it.certmail.pec.receipts.domain.Recipient;
import it.certmail.pec.receipts.domain.TransactionFacts;
import it.certmail.pec.receipts.infra.OriginalMessage;
import it.certmail.pec.receipts.infra.PecMessageClassifier;
import it.certmail.pec.receipts.infra.PecMessageComposer;
import it.certmail.pec.receipts.infra.PecTestProvider;
import it.certmail.pec.receipts.infra.PecVerdict;
import it.certmail.pec.transport.model.WorkQueue;
import it.certmail.pec.transport.model.WorkState;
import it.certmail.pec.transport.queue.InMemoryWorkQueue;
import it.certmail.pec.transport.queue.WorkRetries;

/**
 * The step harness of the transport issue, on the REAL {@link ReceptionPoint}: reception work is queued on the
 * {@link InMemoryWorkQueue}, a worker's step is driven by hand (claim, receive, settle), the stores are the
 * {@link InMemoryTransport}'s, committed only with the work's settling as the step's one transaction commits them,
 * time is a parameter and a crash a flag. Our provider is {@link PecTestProvider} ({@code pec.certmail.test}); the
 * other one ({@code pec.altro.test}) has a PKI of its own and is listed in the index. Every message we generate is
 * checked by the classifier (signature, DTD, fields) and by {@code openssl smime -verify}.
 */
class ReceptionPointHarnessTest {

    private static final Instant T0 = PecTestProvider.TIME;
    private static final String OURS = PecTestProvider.DOMAIN;
    private static final String SERVICE = PecTestProvider.SERVICE_ADDRESS;
    private static final String MARIO = PecTestProvider.SENDER;
    private static final String GIULIA = "giulia.neri@" + OURS;
    private static final String PAOLO = "paolo.gialli@" + OURS;
    private static final String CLOSED = "chiusa@" + OURS;
    private static final String NOBODY = "nessuno@" + OURS;
    private static final String ALTRO_NAME = "Altro PEC S.p.A.";
    private static final String ALTRO = "pec.altro.test";
    private static final String ALTRO_RECEIPTS = "ricevute@" + ALTRO;
    private static final String ANNA = PecTestProvider.RECIPIENT;
    private static final String EICAR = "X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*";

    /** The other provider's PKI (made once: RSA keys take a while). */
    private static final class Altro {
        static final LocalPki.Generated PKI = new LocalPki().generate(ALTRO_NAME, ALTRO, PecTestProvider.ISSUED);
        static final PecMessageComposer COMPOSER = new PecMessageComposer(
                new SmimeSigner(PKI.material().signing(), SignatureProfile.DEFAULT), ALTRO_NAME, ALTRO,
                new PecMessageIds("altro", ALTRO, new Random(7)));

        static ProviderRecord record() {
            try {
                return ProviderRecord.of(ALTRO_NAME, null, ALTRO_RECEIPTS, Set.of(ALTRO),
                        List.of(SigningCertificate.of(PKI.material().signing().certificate().getEncoded())), null,
                        null);
            } catch (CertificateEncodingException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @TempDir
    Path tmp;

    private final InMemoryWorkQueue queue = new InMemoryWorkQueue(WorkRetries.standard());
    private final InMemoryTransport transport = new InMemoryTransport(PecTestProvider.NAME, SERVICE, Set.of(OURS),
            queue);
    private final AtomicInteger verifications = new AtomicInteger();
    /** How live reception judges: both providers in the index, both CAs trusted, the clock at T0. */
    private final PecMessageClassifier classifier = new PecMessageClassifier(
            new SmimeVerifier(List.of(PecTestProvider.material().caCertificate(),
                    Altro.PKI.material().caCertificate()), Clock.fixed(T0, ZoneOffset.UTC)),
            InMemoryProviderIndex.of(PecTestProvider.record(), Altro.record()));
    private PecMessageComposer ours;
    private ReceptionPoint point;

    @BeforeEach
    void setUp() {
        MessageSigner key = PecTestProvider.signer(SignatureProfile.DEFAULT);
        // our key, noting each signature in the journal: the order of signatures and folder locks is checked
        MessageSigner journaled = new MessageSigner() {
            @Override
            public MimeMultipart sign(MimeBodyPart content, Instant signingTime) throws MessagingException {
                transport.journal.add("sign");
                return key.sign(content, signingTime);
            }

            @Override
            public DetachedSignature signEntity(Spool entity, Instant signingTime) throws MessagingException {
                transport.journal.add("sign");
                return key.signEntity(entity, signingTime);
            }

            @Override
            public String signerAddress() {
                return key.signerAddress();
            }
        };
        ours = new PecMessageComposer(journaled, PecTestProvider.NAME, OURS, new PecMessageIds("test", OURS,
                new Random(42)));
        point = new ReceptionPoint(transport.blobs(), transport.mailboxes(), transport.notices(), raw -> {
            verifications.incrementAndGet();
            return classifier.classify(raw);
        }, transport.tracking(), transport.log(), transport.antivirus(), () -> ours, transport.identity());
        transport.addMailbox(MARIO, true, false);
        transport.addMailbox(GIULIA, true, true);
        transport.addMailbox(PAOLO, true, false);
        transport.addMailbox(CLOSED, false, true);
        transport.addMailbox(SERVICE, true, false);
    }

    // ---- the worker's step

    private enum Crash { NONE, BEFORE_COMPLETE }

    /**
     * One pass of a reception worker: claims the due work and, for each item, receives it and settles it in one
     * transaction; an exception rolls the transaction back and fails the item (retried later); a crash loses the
     * transaction and leaves the item leased.
     *
     * @return the items settled (done or held)
     */
    private int step(String owner, Instant now, Crash crash) {
        int settled = 0;
        for (long id : queue.claim(WorkQueue.RECEPTION, owner, 10, now)) {
            it.certmail.pec.transport.queue.WorkQueue.Work work = queue.find(id).orElseThrow();
            transport.begin();
            try {
                ReceptionPoint.Outcome outcome = point.receive(ReceptionWork.of(work), now);
                if (crash == Crash.BEFORE_COMPLETE) {
                    transport.rollback(); // the process dies: its transaction never commits
                    return settled;
                }
                boolean ours;
                if (outcome.isHeld()) {
                    ours = queue.hold(id, owner, outcome.holdReason());
                } else {
                    if (!outcome.workReferenceHandedOver()) {
                        transport.blobs().release(work.blobId()); // the work's reference goes with it
                    }
                    ours = queue.complete(id, owner);
                }
                if (ours) {
                    transport.commit(now);
                    settled++;
                } else {
                    transport.rollback();
                }
            } catch (Exception e) {
                transport.rollback();
                queue.fail(id, owner, e.toString(), now);
            }
        }
        return settled;
    }

    private long queueReception(byte[] message, String mailFrom, List<String> recipients, String target) {
        long blob = transport.storeCommitted(message);
        return queue.enqueue(new it.certmail.pec.transport.queue.WorkQueue.NewWork(WorkQueue.RECEPTION, blob,
                mailFrom, recipients, target, true, T0.plus(Duration.ofHours(24))), T0);
    }

    // ---- messages

    private static byte[] original(String from, String to, String cc, String body) {
        String eml = "From: <" + from + ">\n"
                + "To: <" + to + ">\n"
                + (cc == null ? "" : "Cc: <" + cc + ">\n")
                + "Subject: Verbale di consegna\n"
                + "Date: Mon, 10 Mar 2025 11:15:00 +0100\n"
                + "Message-ID: <" + Math.abs((from + to + body).hashCode()) + "@client.example>\n"
                + "MIME-Version: 1.0\n"
                + "Content-Type: text/plain; charset=UTF-8\n"
                + "\n" + body + "\n";
        return eml.getBytes(StandardCharsets.UTF_8);
    }

    private static TransactionFacts facts(byte[] original, String sender, List<Recipient> recipients, String msgid)
            throws MessagingException {
        return OriginalMessage.of(original).facts(sender, recipients, msgid);
    }

    /** A busta di trasporto of our own access point: Mario to Giulia, Paolo in Cc. */
    private TransactionFacts ownTransmission;

    private byte[] ownEnvelope() throws MessagingException {
        byte[] original = original(MARIO, GIULIA, PAOLO, "Buongiorno");
        ownTransmission = facts(original, MARIO, List.of(Recipient.certified(GIULIA), Recipient.certified(PAOLO)),
                "opec1.20250310111530.test.1.00000000000000a1@" + OURS);
        return PecTestProvider.bytes(ours.transportEnvelope(OriginalMessage.of(original), ownTransmission, T0));
    }

    /** A busta di trasporto of the other provider: Anna to the given recipients of ours (first To, others Cc). */
    private static byte[] altroEnvelope(String body, String to, String... cc) throws MessagingException {
        byte[] original = original(ANNA, to, cc.length == 0 ? null : String.join(">, <", cc), body);
        List<Recipient> rcpts = new java.util.ArrayList<>();
        rcpts.add(Recipient.certified(to));
        for (String c : cc) {
            rcpts.add(Recipient.certified(c));
        }
        TransactionFacts tx = facts(original, ANNA, rcpts, "opec1.20250310111530.altro.1.00000000000000b2@" + ALTRO);
        return PecTestProvider.bytes(Altro.COMPOSER.transportEnvelope(OriginalMessage.of(original), tx, T0));
    }

    private void checkOurs(byte[] raw, PecMessageKind kind) throws Exception {
        OurMessages.check(classifier, tmp, T0, raw, kind);
    }

    private List<String> kinds(String mailbox) {
        return transport.kinds(mailbox);
    }

    /** The delivery rows queued for the relay (one per recipient of each notice to another provider), in order. */
    private List<InMemoryDeliveries.Row> relayed() {
        return transport.deliveries().rows().stream()
                .filter(r -> r.status() == it.certmail.pec.transport.model.DeliveryStatus.QUEUED).toList();
    }

    private List<LogEvent> logOf(LogEventType type) {
        return transport.logged(type);
    }

    // ---- every kind

    @Test
    void ourOwnEnvelopeShouldBeDeliveredWithItsReceiptsWithoutVerifyingOurSignatureAgain() throws Exception {
        long id = queueReception(ownEnvelope(), MARIO, List.of(GIULIA, PAOLO), ReceptionWork.OWN_ACCESS_POINT);
        long blob = queue.find(id).orElseThrow().blobId();
        transport.journal.clear();

        assertThat(step("node-a/reception-0", T0, Crash.NONE)).isEqualTo(1);

        assertThat(verifications).hasValue(0);
        assertThat(queue.find(id).orElseThrow().state()).isEqualTo(WorkState.DONE);
        assertThat(transport.inbox(GIULIA)).singleElement().satisfies(d -> {
            assertThat(d.blobId()).isEqualTo(blob);
            assertThat(d.summary().pecKind()).isEqualTo(PecMessageKind.TRANSPORT_ENVELOPE.name());
        });
        assertThat(kinds(PAOLO)).containsExactly(PecMessageKind.TRANSPORT_ENVELOPE.name());
        // the receipts to our sender are filed at once, Paolo's (Cc) in the sintetica form
        assertThat(kinds(MARIO)).containsExactly("DELIVERY", "DELIVERY");
        assertThat(kinds(SERVICE)).containsExactly("TAKE_CHARGE");
        assertThat(relayed()).isEmpty();
        assertThat(logOf(LogEventType.CONSEGNA)).extracting(LogEvent::detail)
                .containsExactly(ReceiptForm.COMPLETE.code(), ReceiptForm.CONCISE.code());
        assertThat(logOf(LogEventType.PRESA_IN_CARICO)).hasSize(1);
        for (InMemoryTransport.Deposit d : transport.inbox(MARIO)) {
            checkOurs(transport.bytes(d.blobId()), PecMessageKind.DELIVERY);
        }
        checkOurs(transport.bytes(transport.inbox(SERVICE).get(0).blobId()), PecMessageKind.TAKE_CHARGE);
        // the envelope stays referenced by the two INBOXes only: the work's reference went with the work
        assertThat(transport.references(blob)).isEqualTo(2);
        checkOrder(ownTransmission.identifier());
    }

    /** Tracking rows locked first; every receipt signed before the first INBOX; the presa in carico sent last. */
    private void checkOrder(String transmission) {
        List<String> j = transport.journal;
        assertThat(j.get(0)).isEqualTo("lock " + transmission);
        int firstDeposit = j.indexOf(j.stream().filter(e -> e.startsWith("deposit")).findFirst().orElseThrow());
        assertThat(j.lastIndexOf("sign")).isLessThan(firstDeposit);
        List<String> sends = j.stream().filter(e -> e.startsWith("send")).toList();
        assertThat(sends.get(sends.size() - 1)).startsWith("send TAKE_CHARGE");
        assertThat(sends.subList(0, sends.size() - 1)).noneMatch(e -> e.startsWith("send TAKE_CHARGE"));
        int lastEnvelope = j.lastIndexOf(j.stream().filter(e -> e.endsWith(" TRANSPORT_ENVELOPE"))
                .reduce((a, b) -> b).orElseThrow());
        assertThat(j.indexOf(sends.get(sends.size() - 1))).isGreaterThan(lastEnvelope);
    }

    @Test
    void anotherProvidersEnvelopeShouldBeVerifiedOnceAndItsReceiptsRelayed() throws Exception {
        long id = queueReception(altroEnvelope("Buongiorno", MARIO, GIULIA), "posta-certificata@" + ALTRO,
                List.of(MARIO, GIULIA), "192.0.2.7");
        transport.journal.clear();

        assertThat(step("node-a/reception-0", T0, Crash.NONE)).isEqualTo(1);

        assertThat(verifications).hasValue(1);
        assertThat(queue.find(id).orElseThrow().state()).isEqualTo(WorkState.DONE);
        assertThat(kinds(MARIO)).containsExactly("TRANSPORT_ENVELOPE");
        assertThat(kinds(GIULIA)).containsExactly("TRANSPORT_ENVELOPE");
        // two ricevute di consegna to Anna, then the presa in carico to the other provider: all through the relay
        assertThat(relayed()).extracting(InMemoryDeliveries.Row::recipient).containsExactly(ANNA, ANNA,
                ALTRO_RECEIPTS);
        assertThat(relayed()).allSatisfy(r -> {
            assertThat(r.pecMsgid()).as("not a transmission of ours").isNull();
            assertThat(r.domain()).isEqualTo(ALTRO);
            assertThat(r.mailFrom()).isEqualTo(SERVICE);
        });
        checkOurs(transport.bytes(relayed().get(0).blobId()), PecMessageKind.DELIVERY);
        checkOurs(transport.bytes(relayed().get(1).blobId()), PecMessageKind.DELIVERY);
        checkOurs(transport.bytes(relayed().get(2).blobId()), PecMessageKind.TAKE_CHARGE);
        assertThat(logOf(LogEventType.CONSEGNA)).extracting(LogEvent::sendingProvider)
                .containsOnly(ALTRO_NAME);
        // the relay's rows hold the notices with a reference each; one batch per notice
        assertThat(relayed()).allSatisfy(r -> assertThat(transport.references(r.blobId())).isEqualTo(1));
        assertThat(transport.deliveries().claim("node-a/relay-0", 10, 1, T0)).hasSize(3);
        checkOrder("opec1.20250310111530.altro.1.00000000000000b2@" + ALTRO);
    }

    @Test
    void aReceiptFromAnotherProviderShouldBeFiledUnchangedWithItsLogEntry() throws Exception {
        byte[] original = original(MARIO, ANNA, null, "Buongiorno");
        TransactionFacts tx = facts(original, MARIO, List.of(Recipient.certified(ANNA)),
                "opec1.20250310111530.test.1.00000000000000c3@" + OURS);
        byte[] receipt = PecTestProvider.bytes(Altro.COMPOSER.delivery(tx, ANNA, ReceiptForm.COMPLETE,
                OriginalMessage.of(original), T0));
        long id = queueReception(receipt, "posta-certificata@" + ALTRO, List.of(MARIO), "192.0.2.7");
        long blob = queue.find(id).orElseThrow().blobId();
        transport.journal.clear();

        assertThat(step("node-a/reception-0", T0, Crash.NONE)).isEqualTo(1);

        assertThat(transport.inbox(MARIO)).singleElement().satisfies(d -> {
            assertThat(d.blobId()).isEqualTo(blob);
            assertThat(d.summary().pecKind()).isEqualTo("DELIVERY");
        });
        assertThat(transport.journal).first().isEqualTo("lock " + tx.identifier());
        assertThat(transport.journal).doesNotContain("sign");
        assertThat(logOf(LogEventType.RICEZIONE_RICEVUTA)).singleElement().satisfies(e -> {
            assertThat(e.sendingProvider()).isEqualTo(ALTRO_NAME);
            assertThat(e.recipients()).containsExactly(MARIO);
        });
        assertThat(relayed()).isEmpty();
    }

    @Test
    void anAnomalyEnvelopeOfAnotherProviderShouldBeFiledUnchangedWithoutReceipts() throws Exception {
        byte[] ordinary = original("qualcuno@example.org", GIULIA, null, "Salve");
        byte[] anomaly = PecTestProvider.bytes(Altro.COMPOSER.anomalyEnvelope(OriginalMessage.of(ordinary),
                "messaggio non certificato", T0));
        assertThat(classifier.classify(anomaly).category()).isEqualTo(PecVerdict.Category.ANOMALY_ENVELOPE);
        long id = queueReception(anomaly, "posta-certificata@" + ALTRO, List.of(GIULIA, NOBODY), "192.0.2.7");
        long blob = queue.find(id).orElseThrow().blobId();
        transport.journal.clear();

        assertThat(step("node-a/reception-0", T0, Crash.NONE)).isEqualTo(1);

        assertThat(transport.inbox(GIULIA)).singleElement().satisfies(d -> {
            assertThat(d.blobId()).isEqualTo(blob);
            assertThat(d.summary().pecKind()).isEqualTo("ANOMALY_ENVELOPE");
        });
        assertThat(transport.journal).doesNotContain("sign");
        assertThat(relayed()).isEmpty();
        assertThat(transport.state().log).isEmpty();
    }

    @Test
    void ordinaryMailShouldBecomeABustaDiAnomaliaOnlyForTheMailboxesThatAcceptIt() throws Exception {
        byte[] ordinary = original("qualcuno@example.org", GIULIA, PAOLO, "Salve");
        long id = queueReception(ordinary, "qualcuno@example.org", List.of(GIULIA, PAOLO), "198.51.100.4");
        long blob = queue.find(id).orElseThrow().blobId();

        assertThat(step("node-a/reception-0", T0, Crash.NONE)).isEqualTo(1);

        assertThat(transport.inbox(GIULIA)).singleElement().satisfies(d -> {
            assertThat(d.blobId()).isNotEqualTo(blob);
            assertThat(d.summary().pecKind()).isEqualTo("ANOMALY_ENVELOPE");
            assertThat(transport.references(d.blobId())).isEqualTo(1);
        });
        checkOurs(transport.bytes(transport.inbox(GIULIA).get(0).blobId()), PecMessageKind.ANOMALY_ENVELOPE);
        assertThat(transport.inbox(PAOLO)).isEmpty();
        assertThat(logOf(LogEventType.BUSTA_ANOMALIA)).singleElement()
                .satisfies(e -> assertThat(e.recipients()).containsExactly(GIULIA));
        assertThat(logOf(LogEventType.RIFIUTO)).singleElement()
                .satisfies(e -> assertThat(e.recipients()).containsExactly(PAOLO));
        // the received bytes are referenced by nobody once the work is done
        assertThat(transport.references(blob)).isZero();
    }

    @Test
    void aMalformedMessageOfAProviderShouldBecomeABustaDiAnomaliaEvenWhereOrdinaryMailIsRefused() throws Exception {
        // an envelope of the other provider whose X-Trasporto (outside the signed entity) names no kind: signed by a
        // provider in the index, but not formally correct
        byte[] original = original(ANNA, PAOLO, null, "Salve");
        TransactionFacts tx = facts(original, ANNA, List.of(Recipient.certified(PAOLO)),
                "opec1.20250310111530.altro.1.00000000000000d4@" + ALTRO);
        String envelope = new String(PecTestProvider.bytes(Altro.COMPOSER.transportEnvelope(
                OriginalMessage.of(original), tx, T0)), StandardCharsets.ISO_8859_1);
        assertThat(envelope).contains("X-Trasporto: posta-certificata");
        byte[] forged = envelope.replace("X-Trasporto: posta-certificata", "X-Trasporto: sconosciuto")
                .getBytes(StandardCharsets.ISO_8859_1);
        PecVerdict verdict = classifier.classify(forged);
        assertThat(verdict.category()).as("%s", verdict.problems()).isEqualTo(PecVerdict.Category.MALFORMED);
        queueReception(forged, "posta-certificata@" + ALTRO, List.of(PAOLO), "192.0.2.7");

        assertThat(step("node-a/reception-0", T0, Crash.NONE)).isEqualTo(1);

        assertThat(kinds(PAOLO)).containsExactly("ANOMALY_ENVELOPE");
        checkOurs(transport.bytes(transport.inbox(PAOLO).get(0).blobId()), PecMessageKind.ANOMALY_ENVELOPE);
        assertThat(logOf(LogEventType.BUSTA_ANOMALIA)).singleElement()
                .satisfies(e -> assertThat(e.sendingProvider()).isEqualTo(ALTRO_NAME));
        assertThat(logOf(LogEventType.RIFIUTO)).isEmpty();
    }

    @Test
    void bytesThatAreNotAMessageShouldBeHeldWithNothingDone() {
        byte[] garbage = {0, 1, 2, 3, (byte) 0xff, 0x7f, 0, 0};
        long id = queueReception(garbage, "qualcuno@example.org", List.of(GIULIA), "198.51.100.4");
        long blob = queue.find(id).orElseThrow().blobId();

        assertThat(step("node-a/reception-0", T0, Crash.NONE)).isEqualTo(1);

        assertThat(queue.find(id).orElseThrow().state()).isEqualTo(WorkState.HELD);
        assertThat(queue.find(id).orElseThrow().lastError()).startsWith("not an RFC 5322 message");
        assertThat(transport.inbox(GIULIA)).isEmpty();
        assertThat(transport.state().log).isEmpty();
        // held work keeps its message for the admin
        assertThat(transport.references(blob)).isEqualTo(1);
        assertThat(step("node-b/reception-0", T0.plus(Duration.ofHours(1)), Crash.NONE)).isZero();
    }

    @Test
    void aRecipientWithoutAMailboxOrNotReceivingShouldGetAnAvvisoDiMancataConsegna() throws Exception {
        long id = queueReception(altroEnvelope("Buongiorno", MARIO, NOBODY, CLOSED), "posta-certificata@" + ALTRO,
                List.of(MARIO, NOBODY, CLOSED), "192.0.2.7");
        long blob = queue.find(id).orElseThrow().blobId();

        assertThat(step("node-a/reception-0", T0, Crash.NONE)).isEqualTo(1);

        assertThat(kinds(MARIO)).containsExactly("TRANSPORT_ENVELOPE");
        // the work's reference went to Mario's envelope: exactly one left
        assertThat(transport.references(blob)).isEqualTo(1);
        assertThat(transport.inbox(CLOSED)).isEmpty();
        assertThat(logOf(LogEventType.MANCATA_CONSEGNA)).extracting(LogEvent::detail).containsExactly(
                "5.1.1 - casella del destinatario inesistente",
                "5.2.1 - casella del destinatario non abilitata alla ricezione");
        // a consegna and two mancate consegne to Anna, then the presa in carico
        assertThat(relayed()).hasSize(4);
        checkOurs(transport.bytes(relayed().get(0).blobId()), PecMessageKind.DELIVERY);
        checkOurs(transport.bytes(relayed().get(1).blobId()), PecMessageKind.DELIVERY_FAILURE);
        checkOurs(transport.bytes(relayed().get(2).blobId()), PecMessageKind.DELIVERY_FAILURE);
        checkOurs(transport.bytes(relayed().get(3).blobId()), PecMessageKind.TAKE_CHARGE);
        assertThat(relayed().get(3).recipient()).isEqualTo(ALTRO_RECEIPTS);
    }

    @Test
    void anEnvelopeNoMailboxTakesShouldLeaveItsBytesReferencedByNobody() throws Exception {
        long id = queueReception(altroEnvelope("Buongiorno", NOBODY, CLOSED), "posta-certificata@" + ALTRO,
                List.of(NOBODY, CLOSED), "192.0.2.7");
        long blob = queue.find(id).orElseThrow().blobId();

        assertThat(step("node-a/reception-0", T0, Crash.NONE)).isEqualTo(1);

        assertThat(transport.inbox(CLOSED)).isEmpty();
        assertThat(logOf(LogEventType.MANCATA_CONSEGNA)).hasSize(2);
        // no deposit took the work's reference: it went with the work, once
        assertThat(transport.references(blob)).isZero();
    }

    @Test
    void anInfectedEnvelopeShouldGetThePresaInCaricoAndOneVirusNoticePerRecipientAndBeQuarantined()
            throws Exception {
        long id = queueReception(altroEnvelope(EICAR, MARIO, GIULIA), "posta-certificata@" + ALTRO,
                List.of(MARIO, GIULIA), "192.0.2.7");
        long blob = queue.find(id).orElseThrow().blobId();

        assertThat(step("node-a/reception-0", T0, Crash.NONE)).isEqualTo(1);

        assertThat(transport.inbox(MARIO)).isEmpty();
        assertThat(transport.inbox(GIULIA)).isEmpty();
        assertThat(relayed()).extracting(InMemoryDeliveries.Row::recipient).containsOnly(ALTRO_RECEIPTS);
        checkOurs(transport.bytes(relayed().get(0).blobId()), PecMessageKind.TAKE_CHARGE);
        checkOurs(transport.bytes(relayed().get(1).blobId()), PecMessageKind.VIRUS_DETECTION);
        checkOurs(transport.bytes(relayed().get(2).blobId()), PecMessageKind.VIRUS_DETECTION);
        assertThat(relayed()).hasSize(3);
        assertThat(logOf(LogEventType.RILEVAZIONE_VIRUS)).extracting(LogEvent::recipients)
                .containsExactly(List.of(MARIO), List.of(GIULIA));
        assertThat(transport.state().quarantine).singleElement().satisfies(q -> {
            assertThat(q.blobId()).isEqualTo(blob);
            assertThat(q.origin()).isEqualTo(VirusCheck.Origin.RECEPTION_POINT);
            assertThat(q.virus()).isEqualTo("Eicar-Test-Signature");
        });
        // the quarantine keeps the message after the work has released its reference
        assertThat(transport.references(blob)).isEqualTo(1);
    }

    @Test
    void infectedOrdinaryMailShouldBeQuarantinedAndRefusedNotTurnedIntoAnAnomaly() {
        long id = queueReception(original("qualcuno@example.org", GIULIA, null, EICAR), "qualcuno@example.org",
                List.of(GIULIA), "198.51.100.4");

        assertThat(step("node-a/reception-0", T0, Crash.NONE)).isEqualTo(1);

        assertThat(transport.inbox(GIULIA)).isEmpty();
        assertThat(transport.state().quarantine).singleElement()
                .satisfies(q -> assertThat(q.origin()).isEqualTo(VirusCheck.Origin.ORDINARY));
        assertThat(logOf(LogEventType.RIFIUTO)).singleElement()
                .satisfies(e -> assertThat(e.detail()).isEqualTo("virus Eicar-Test-Signature"));
        assertThat(queue.find(id).orElseThrow().state()).isEqualTo(WorkState.DONE);
    }

    // ---- crashes and failures

    @Test
    void aCrashBetweenClaimAndCompleteShouldLoseTheStagedEffectsAndTheItemBeDoneOnceAfterTheLease()
            throws Exception {
        long id = queueReception(ownEnvelope(), MARIO, List.of(GIULIA, PAOLO), ReceptionWork.OWN_ACCESS_POINT);
        long blob = queue.find(id).orElseThrow().blobId();

        assertThat(step("node-a/reception-0", T0, Crash.BEFORE_COMPLETE)).isZero();
        assertThat(transport.inbox(GIULIA)).isEmpty();
        assertThat(transport.inbox(MARIO)).isEmpty();
        assertThat(transport.state().log).isEmpty();
        assertThat(transport.references(blob)).isEqualTo(1);
        // still leased to the dead worker: nobody else takes it yet
        assertThat(step("node-b/reception-0", T0.plusSeconds(30), Crash.NONE)).isZero();

        Instant afterLease = T0.plus(it.certmail.pec.transport.queue.WorkQueue.LEASE).plusSeconds(1);
        assertThat(step("node-b/reception-0", afterLease, Crash.NONE)).isEqualTo(1);
        assertThat(kinds(GIULIA)).containsExactly("TRANSPORT_ENVELOPE");
        assertThat(kinds(PAOLO)).containsExactly("TRANSPORT_ENVELOPE");
        assertThat(kinds(MARIO)).containsExactly("DELIVERY", "DELIVERY");
        assertThat(kinds(SERVICE)).containsExactly("TAKE_CHARGE");
        assertThat(logOf(LogEventType.PRESA_IN_CARICO)).hasSize(1);
        assertThat(logOf(LogEventType.CONSEGNA)).hasSize(2);
        assertThat(transport.references(blob)).isEqualTo(2);
        // the dead worker can settle nothing, and the item is never claimed again
        assertThat(queue.complete(id, "node-a/reception-0")).isFalse();
        assertThat(step("node-c/reception-0", afterLease.plus(Duration.ofHours(1)), Crash.NONE)).isZero();
        assertThat(transport.inbox(GIULIA)).hasSize(1);
    }

    @Test
    void aStepThatThrowsMidwayShouldCommitNothingAndSucceedOnceWhenRetried() throws Exception {
        long id = queueReception(altroEnvelope("Buongiorno", MARIO, GIULIA), "posta-certificata@" + ALTRO,
                List.of(MARIO, GIULIA), "192.0.2.7");
        long blob = queue.find(id).orElseThrow().blobId();
        // Mario's envelope is deposited, then Giulia's deposit fails: the whole step goes
        transport.journal.clear();
        transport.failDepositNumber(2);

        assertThat(step("node-a/reception-0", T0, Crash.NONE)).isZero();
        it.certmail.pec.transport.queue.WorkQueue.Work failed = queue.find(id).orElseThrow();
        assertThat(failed.state()).isEqualTo(WorkState.QUEUED);
        assertThat(failed.attempts()).isEqualTo(1);
        assertThat(failed.lastError()).contains("the database went away");
        assertThat(transport.journal).contains("deposit " + MARIO + " TRANSPORT_ENVELOPE");
        assertThat(transport.inbox(MARIO)).isEmpty();
        assertThat(relayed()).isEmpty();
        assertThat(transport.state().log).isEmpty();
        assertThat(transport.references(blob)).isEqualTo(1);
        // not due before the retry
        assertThat(step("node-a/reception-0", T0.plusMillis(500), Crash.NONE)).isZero();

        assertThat(step("node-a/reception-0", failed.nextAttemptAt(), Crash.NONE)).isEqualTo(1);
        assertThat(queue.find(id).orElseThrow().state()).isEqualTo(WorkState.DONE);
        assertThat(kinds(MARIO)).containsExactly("TRANSPORT_ENVELOPE");
        assertThat(kinds(GIULIA)).containsExactly("TRANSPORT_ENVELOPE");
        assertThat(relayed()).hasSize(3);
        assertThat(logOf(LogEventType.PRESA_IN_CARICO)).hasSize(1);
        assertThat(logOf(LogEventType.CONSEGNA)).hasSize(2);
        assertThat(transport.references(blob)).isEqualTo(2);
    }

    @Test
    void aStepThatKeepsFailingShouldBeRetriedThenHeldWithNothingCommittedAndItsMessageKept() throws Exception {
        long id = queueReception(altroEnvelope("Buongiorno", MARIO), "posta-certificata@" + ALTRO, List.of(MARIO),
                "192.0.2.7");
        long blob = queue.find(id).orElseThrow().blobId();
        Instant now = T0;
        for (int attempt = 1; attempt <= WorkRetries.RECEPTION_ATTEMPTS_BEFORE_HOLD; attempt++) {
            transport.failDepositNumber(1);
            assertThat(step("node-a/reception-0", now, Crash.NONE)).isZero();
            it.certmail.pec.transport.queue.WorkQueue.Work w = queue.find(id).orElseThrow();
            if (attempt < WorkRetries.RECEPTION_ATTEMPTS_BEFORE_HOLD) {
                assertThat(w.state()).isEqualTo(WorkState.QUEUED);
                assertThat(w.attempts()).isEqualTo(attempt);
                now = w.nextAttemptAt();
            } else {
                assertThat(w.state()).isEqualTo(WorkState.HELD);
                assertThat(w.lastError()).contains("the database went away");
            }
        }

        assertThat(transport.inbox(MARIO)).isEmpty();
        assertThat(transport.state().log).isEmpty();
        assertThat(relayed()).isEmpty();
        assertThat(transport.references(blob)).isEqualTo(1);
        assertThat(step("node-b/reception-0", now.plus(Duration.ofHours(1)), Crash.NONE)).isZero();
    }
}
