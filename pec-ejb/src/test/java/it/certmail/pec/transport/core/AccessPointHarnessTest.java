package it.certmail.pec.transport.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import it.certmail.pec.blob.domain.BlobRef;
import it.certmail.pec.crypto.SignatureProfile;
import it.certmail.pec.crypto.SmimeVerifier;
import it.certmail.pec.index.domain.InMemoryProviderIndex;
import it.certmail.pec.log.domain.LogEvent;
import it.certmail.pec.log.model.LogEventType;
import it.certmail.pec.mailbox.model.MailboxStatus;
import it.certmail.pec.mime.Spool;
import it.certmail.pec.receipts.domain.PecMessageIds;
import it.certmail.pec.receipts.domain.PecMessageKind;
import it.certmail.pec.receipts.infra.PecMessageClassifier;
import it.certmail.pec.receipts.infra.PecMessageComposer;
import it.certmail.pec.receipts.infra.PecTestProvider;
import it.certmail.pec.transport.domain.SmtpReply;
import it.certmail.pec.transport.domain.SubmissionEnvelope;
import it.certmail.pec.transport.domain.SubmissionLimits;
import it.certmail.pec.transport.model.WorkQueue;
import it.certmail.pec.transport.queue.InMemoryWorkQueue;
import it.certmail.pec.transport.queue.WorkRetries;

/**
 * The step harness on the REAL {@link AccessPoint}: a submission is one step whose effects are staged in the
 * {@link InMemoryTransport} and committed together, or rolled back whatever is thrown (as {@code AllOrNothing} makes
 * the shell's transaction do); the work it queues lands on the {@link InMemoryWorkQueue} at the commit, where the
 * REAL {@link ReceptionPoint} takes it a step at a time. Every message we generate is checked by the classifier
 * (signature, DTD, fields) and by {@code openssl smime -verify}.
 */
class AccessPointHarnessTest {

    private static final Instant T0 = PecTestProvider.TIME;
    private static final String OURS = PecTestProvider.DOMAIN;
    private static final String SERVICE = PecTestProvider.SERVICE_ADDRESS;
    private static final String MARIO = PecTestProvider.SENDER;
    private static final String GIULIA = "giulia.neri@" + OURS;
    private static final String PAOLO = "paolo.gialli@" + OURS;
    private static final String ALTRO = "pec.altro.test";
    private static final String ANNA = PecTestProvider.RECIPIENT;
    private static final String LUCA = PecTestProvider.CC_RECIPIENT;
    private static final String EICAR = "X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*";
    private static final SubmissionLimits LIMITS = new SubmissionLimits(SubmissionLimits.LEGAL_MIN_RECIPIENTS,
            SubmissionLimits.LEGAL_MIN_TOTAL_BYTES, SubmissionLimits.LEGAL_MIN_TOTAL_BYTES);

    @TempDir
    Path tmp;

    private final InMemoryWorkQueue queue = new InMemoryWorkQueue(WorkRetries.standard());
    private final InMemoryTransport transport = new InMemoryTransport(PecTestProvider.NAME, SERVICE, Set.of(OURS),
            queue);
    private final AtomicInteger verifications = new AtomicInteger();
    private final PecMessageClassifier classifier = new PecMessageClassifier(
            new SmimeVerifier(List.of(PecTestProvider.material().caCertificate()), Clock.fixed(T0, ZoneOffset.UTC)),
            InMemoryProviderIndex.of(PecTestProvider.record()));
    private final PecMessageComposer ours = new PecMessageComposer(PecTestProvider.signer(SignatureProfile.DEFAULT),
            PecTestProvider.NAME, OURS, new PecMessageIds("test", OURS, new Random(42)));
    private final PecMessageIds ids = new PecMessageIds("test", OURS, new Random(43));
    /** A port that fails where a test says, as the database can in the middle of a step. */
    private Function<TransmissionRecords.NewTransmission, RuntimeException> trackingFailure = t -> null;
    private Function<PecMessageKind, MessagingException> routeFailure = k -> null;
    private boolean scannerDown;
    private AccessPoint point;
    private ReceptionPoint reception;

    @BeforeEach
    void setUp() {
        TransmissionRecords tracking = t -> {
            RuntimeException failure = trackingFailure.apply(t);
            if (failure != null) {
                throw failure;
            }
            transport.transmissions().open(t);
        };
        NoticeRoute route = transport.notices();
        NoticeRoute failing = new NoticeRoute() {
            @Override
            public void send(MimeMessage notice, PecMessageKind kind, List<String> recipients, Instant now)
                    throws MessagingException {
                MessagingException failure = routeFailure.apply(kind);
                if (failure != null) {
                    throw failure;
                }
                route.send(notice, kind, recipients, now);
            }

            @Override
            public void file(List<String> recipients, BlobRef blob,
                    it.certmail.pec.mailbox.domain.MessageSummary summary, PecMessageKind kind,
                    it.certmail.pec.receipts.domain.Daticert d, String provider, Instant now)
                    throws MessagingException {
                route.file(recipients, blob, summary, kind, d, provider, now);
            }

            @Override
            public boolean deposit(String rcpt, BlobRef blob, it.certmail.pec.mailbox.domain.MessageSummary summary,
                    Instant now) {
                return route.deposit(rcpt, blob, summary, now);
            }
        };
        VirusCheck scanner = transport.antivirus();
        VirusCheck antivirus = new VirusCheck() {
            @Override
            public Optional<String> virusIn(Spool message, Function<String, LogEvent> unscannedEntry)
                    throws IOException {
                if (scannerDown) {
                    throw new IOException("clamd: connection refused");
                }
                return scanner.virusIn(message, unscannedEntry);
            }

            @Override
            public void quarantine(BlobRef blob, String virus, Origin origin, String msgid, String sender,
                    Instant now) {
                scanner.quarantine(blob, virus, origin, msgid, sender, now);
            }
        };
        point = new AccessPoint(transport.blobs(), transport.senders(), transport.domains(), transport.dispatch(),
                failing, tracking, transport.log(), antivirus, () -> ours, () -> ids, () -> LIMITS,
                transport.identity());
        reception = new ReceptionPoint(transport.blobs(), transport.mailboxes(), transport.notices(), raw -> {
            verifications.incrementAndGet();
            return classifier.classify(raw);
        }, transport.tracking(), transport.log(), transport.antivirus(), () -> ours, transport.identity());
        transport.addMailbox(MARIO, true, false);
        transport.addMailbox(GIULIA, true, true);
        transport.addMailbox(PAOLO, true, false);
        transport.addMailbox(SERVICE, true, false);
        transport.listInIndex(ALTRO);
    }

    // ---- the steps

    /** What became of a submission step: the reply, or what was thrown (and the step rolled back). */
    private record Submitted(SmtpReply reply, Exception failure) {
    }

    /**
     * One submission in one transaction: committed when the access point returns a reply, rolled back whatever it
     * throws, or lost when the process dies before the commit ({@code crash}).
     */
    private Submitted submit(String authUser, List<String> rcpts, byte[] data, Instant now, boolean crash) {
        transport.begin();
        try {
            SmtpReply reply = point.submit(new SubmissionEnvelope(authUser, authUser, rcpts,
                    InetAddress.getLoopbackAddress(), "pc-mario.example", "s1"), new ByteArrayInputStream(data), now);
            if (crash) {
                transport.rollback();
                return new Submitted(null, null);
            }
            transport.commit(now);
            return new Submitted(reply, null);
        } catch (Exception e) {
            transport.rollback();
            return new Submitted(null, e);
        }
    }

    private SmtpReply submit(List<String> rcpts, byte[] data) {
        Submitted s = submit(MARIO, rcpts, data, T0, false);
        assertThat(s.failure()).isNull();
        return s.reply();
    }

    /** One pass of a reception worker, as in {@link ReceptionPointHarnessTest}; a crash loses its transaction. */
    private int receptionStep(String owner, Instant now, boolean crash) throws Exception {
        int settled = 0;
        for (long id : queue.claim(WorkQueue.RECEPTION, owner, 10, now)) {
            it.certmail.pec.transport.queue.WorkQueue.Work work = queue.find(id).orElseThrow();
            transport.begin();
            try {
                ReceptionPoint.Outcome outcome = reception.receive(ReceptionWork.of(work), now);
                if (crash) {
                    transport.rollback();
                    return settled;
                }
                assertThat(outcome.isHeld()).isFalse();
                if (!outcome.workReferenceHandedOver()) {
                    transport.blobs().release(work.blobId());
                }
                assertThat(queue.complete(id, owner)).isTrue();
                transport.commit(now);
                settled++;
            } catch (Exception e) {
                transport.rollback();
                throw e;
            }
        }
        return settled;
    }

    // ---- messages

    private static byte[] message(String from, List<String> to, List<String> cc, String extraHeaders, String body) {
        String eml = "From: Mario Rossi <" + from + ">\n"
                + "To: " + to.stream().map(a -> "<" + a + ">").collect(Collectors.joining(", ")) + "\n"
                + (cc.isEmpty() ? "" : "Cc: " + cc.stream().map(a -> "<" + a + ">").collect(Collectors.joining(", "))
                        + "\n")
                + "Subject: Verbale di consegna\n"
                + extraHeaders
                + "Message-ID: <20250310101500.4711@pc-mario.example>\n"
                + "MIME-Version: 1.0\n"
                + "Content-Type: text/plain; charset=UTF-8\n"
                + "\n" + body + "\n";
        return eml.getBytes(StandardCharsets.UTF_8);
    }

    private static final String DATE = "Date: Mon, 10 Mar 2025 11:15:00 +0100\n";

    private static byte[] toGiulia(String body) {
        return message(MARIO, List.of(GIULIA), List.of(PAOLO), DATE, body);
    }

    private void checkOurs(byte[] raw, PecMessageKind kind) throws Exception {
        OurMessages.check(classifier, tmp, T0, raw, kind);
    }

    private List<String> kinds(String mailbox) {
        return transport.kinds(mailbox);
    }

    private byte[] inboxBytes(String mailbox, String kind) {
        return transport.bytes(transport.inbox(mailbox).stream().filter(d -> d.summary().pecKind().equals(kind))
                .findFirst().orElseThrow().blobId());
    }

    private List<LogEvent> logOf(LogEventType type) {
        return transport.logged(type);
    }

    private List<it.certmail.pec.transport.queue.WorkQueue.NewWork> queued() {
        return transport.state().queued;
    }

    /** Nothing of a submission is left: no notice, no work, no tracking, no log entry, no stored bytes. */
    private void assertNothingCommitted() {
        assertThat(transport.inbox(MARIO)).isEmpty();
        assertThat(queued()).isEmpty();
        assertThat(transport.deliveries().rows()).isEmpty();
        assertThat(transport.state().transmissions).isEmpty();
        assertThat(transport.state().log).isEmpty();
        assertThat(transport.state().blobs).isEmpty();
        assertThat(transport.state().quarantine).isEmpty();
    }

    // ---- accepted

    @Test
    void aMessageToOurOwnMailboxesShouldBeAcceptedWithItsEnvelopeQueuedForOurReceptionPoint() throws Exception {
        transport.journal.clear();

        SmtpReply reply = submit(List.of(GIULIA, PAOLO), toGiulia("Buongiorno"));

        assertThat(reply.isPositive()).isTrue();
        TransmissionRecords.NewTransmission t = transport.state().transmissions.get(0);
        assertThat(reply.text()).isEqualTo("2.0.0 Ok: accettato come " + t.pecMsgid());
        // the acceptance is filed at once in the sender's INBOX, never through a reception point
        assertThat(kinds(MARIO)).containsExactly("ACCEPTANCE");
        checkOurs(inboxBytes(MARIO, "ACCEPTANCE"), PecMessageKind.ACCEPTANCE);
        // one piece of reception work for both, marked as our access point's, holding the envelope's only reference
        assertThat(queued()).singleElement().satisfies(w -> {
            assertThat(w.queue()).isEqualTo(WorkQueue.RECEPTION);
            assertThat(w.target()).isEqualTo(ReceptionWork.OWN_ACCESS_POINT);
            assertThat(w.mailFrom()).isEqualTo(MARIO);
            assertThat(w.recipients()).containsExactly(GIULIA, PAOLO);
            assertThat(w.blobId()).isEqualTo(t.envelopeBlobId());
            assertThat(w.expiresAt()).isEqualTo(T0.plus(Duration.ofHours(24)));
        });
        checkOurs(transport.bytes(t.envelopeBlobId()), PecMessageKind.TRANSPORT_ENVELOPE);
        assertThat(transport.references(t.envelopeBlobId())).isEqualTo(1);
        List<Long> claimed = queue.claim(WorkQueue.RECEPTION, "node-a/reception-0", 10, T0);
        assertThat(claimed).hasSize(1);
        // tracking: the transmission and both recipients, certified, with the 12 h check due
        assertThat(t.sender()).isEqualTo(MARIO);
        assertThat(t.clientMsgid()).contains("20250310101500.4711@pc-mario.example");
        assertThat(t.acceptedAt()).isEqualTo(T0);
        assertThat(new String(t.daticertXml(), StandardCharsets.UTF_8)).contains("<postacert", t.pecMsgid());
        assertThat(t.recipients()).extracting(TransmissionRecords.TrackedRecipient::address)
                .containsExactly(GIULIA, PAOLO);
        assertThat(t.recipients()).allSatisfy(r -> {
            assertThat(r.certified()).isTrue();
            assertThat(r.nextCheckAt()).isEqualTo(T0.plus(Duration.ofHours(12)));
        });
        assertThat(logOf(LogEventType.ACCETTAZIONE)).singleElement().satisfies(e -> {
            assertThat(e.msgid()).isEqualTo(t.pecMsgid());
            assertThat(e.recipients()).containsExactly(GIULIA, PAOLO);
            assertThat(e.sendingProvider()).isEqualTo(PecTestProvider.NAME);
        });
        assertThat(logOf(LogEventType.BUSTA_TRASPORTO)).hasSize(1);
        // order kept: envelope queued, acceptance sent, tracking opened, then the two registro entries
        List<String> j = transport.journal;
        assertThat(j.indexOf("dispatch [" + GIULIA + ", " + PAOLO + "]")).isNotNegative()
                .isLessThan(j.indexOf("send ACCEPTANCE [" + MARIO + "]"));
        assertThat(j.indexOf("send ACCEPTANCE [" + MARIO + "]")).isLessThan(j.indexOf("track " + t.pecMsgid()));
        assertThat(j.indexOf("track " + t.pecMsgid())).isLessThan(j.indexOf("log ACCETTAZIONE"));
        assertThat(j.indexOf("log ACCETTAZIONE")).isLessThan(j.indexOf("log BUSTA_TRASPORTO"));
    }

    @Test
    void aMessageToOtherProvidersAndOrdinaryMailShouldBeQueuedForTheRelayOneRowPerRecipient() throws Exception {
        SmtpReply reply = submit(List.of(ANNA, LUCA), PecTestProvider.originalBytes());

        assertThat(reply.isPositive()).isTrue();
        assertThat(reply.text()).startsWith("2.0.0 Ok: accettato come ");
        assertThat(kinds(MARIO)).containsExactly("ACCEPTANCE");
        checkOurs(inboxBytes(MARIO, "ACCEPTANCE"), PecMessageKind.ACCEPTANCE);
        TransmissionRecords.NewTransmission t = transport.state().transmissions.get(0);
        assertThat(queued()).as("nothing for our reception point").isEmpty();
        // ADR 0003: one delivery row per recipient, the transmission's, queued with the envelope
        assertThat(transport.deliveries().rows()).extracting(InMemoryDeliveries.Row::recipient,
                InMemoryDeliveries.Row::domain, InMemoryDeliveries.Row::pecMsgid, InMemoryDeliveries.Row::certified,
                InMemoryDeliveries.Row::status).containsExactly(
                org.assertj.core.groups.Tuple.tuple(ANNA, ALTRO, t.pecMsgid(), true,
                        it.certmail.pec.transport.model.DeliveryStatus.QUEUED),
                org.assertj.core.groups.Tuple.tuple(LUCA, "example.org", t.pecMsgid(), false,
                        it.certmail.pec.transport.model.DeliveryStatus.QUEUED));
        assertThat(transport.deliveries().rows()).allSatisfy(r -> {
            assertThat(r.blobId()).isEqualTo(t.envelopeBlobId());
            assertThat(r.mailFrom()).isEqualTo(MARIO);
        });
        assertThat(transport.references(t.envelopeBlobId())).isEqualTo(2);
        checkOurs(transport.bytes(t.envelopeBlobId()), PecMessageKind.TRANSPORT_ENVELOPE);
        // Anna's provider is in the index: certified, timed; Luca's mail is ordinary: nothing can time out
        assertThat(t.recipients()).containsExactly(
                new TransmissionRecords.TrackedRecipient(ANNA, true, T0.plus(Duration.ofHours(12))),
                new TransmissionRecords.TrackedRecipient(LUCA, false, null));
        assertThat(transport.state().log).extracting(LogEvent::type).containsSubsequence(
                LogEventType.ACCETTAZIONE, LogEventType.BUSTA_TRASPORTO);
        assertThat(transport.deliveries().claim("node-a/relay-0", 10, 1, T0)).extracting(Deliveries.Batch::domain)
                .containsExactly(ALTRO, "example.org");
    }

    // ---- not accepted

    /** Each cause of an avviso di non accettazione, with the submission that provokes it. */
    enum Refusal {
        NO_SUCH_SENDER("la casella del mittente non esiste"),
        SENDER_FULL("la casella del mittente è piena"),
        SENDER_RECEIVE_ONLY("abilitata alla sola ricezione"),
        SENDER_DISABLED("la casella del mittente è disabilitata"),
        FROM_NOT_THE_AUTHENTICATED_MAILBOX("non corrisponde alla casella autenticata"),
        NO_DATE("campo Date assente"),
        REPEATED_FROM("campo From ripetuto"),
        NO_TO("campo To assente"),
        BCC("copia nascosta (Bcc) non ammessi"),
        ENVELOPE_NOT_THE_HEADER("i destinatari della sessione SMTP non corrispondono ai campi To e Cc"),
        TOO_MANY_RECIPIENTS("superiore al massimo consentito (" + SubmissionLimits.LEGAL_MIN_RECIPIENTS + ")"),
        ONLY_PEC_RECIPIENTS_ALLOWED("l'indirizzo " + LUCA + " è stato rifiutato");

        final String reason;

        Refusal(String reason) {
            this.reason = reason;
        }
    }

    @ParameterizedTest
    @EnumSource(Refusal.class)
    void eachFormalFaultShouldGetAnAvvisoDiNonAccettazioneAndNothingElse(Refusal refusal) throws Exception {
        String auth = MARIO;
        List<String> rcpts = List.of(GIULIA, PAOLO);
        byte[] data = toGiulia("Buongiorno");
        switch (refusal) {
            case NO_SUCH_SENDER -> auth = "nessuno@" + OURS;
            case SENDER_FULL -> transport.setSender(MARIO, new SendingMailboxes.Sender(MailboxStatus.ACTIVE,
                    1000, 1000, false));
            case SENDER_RECEIVE_ONLY -> transport.setSender(MARIO, new SendingMailboxes.Sender(
                    MailboxStatus.RECEIVE_ONLY, 0, 1000, false));
            case SENDER_DISABLED -> transport.setSender(MARIO, new SendingMailboxes.Sender(MailboxStatus.DISABLED,
                    0, 1000, false));
            case FROM_NOT_THE_AUTHENTICATED_MAILBOX -> data = message(GIULIA, List.of(GIULIA), List.of(PAOLO), DATE,
                    "x");
            case NO_DATE -> data = message(MARIO, List.of(GIULIA), List.of(PAOLO), "", "x");
            case REPEATED_FROM -> data = message(MARIO, List.of(GIULIA), List.of(PAOLO),
                    DATE + "From: <" + MARIO + ">\n", "x");
            case NO_TO -> data = ("From: <" + MARIO + ">\nSubject: x\n" + DATE + "\nx\n")
                    .getBytes(StandardCharsets.UTF_8);
            case BCC -> data = message(MARIO, List.of(GIULIA), List.of(PAOLO), DATE + "Bcc: <" + PAOLO + ">\n", "x");
            case ENVELOPE_NOT_THE_HEADER -> rcpts = List.of(GIULIA);
            case TOO_MANY_RECIPIENTS -> {
                rcpts = IntStream.rangeClosed(0, SubmissionLimits.LEGAL_MIN_RECIPIENTS)
                        .mapToObj(i -> "utente" + i + "@" + OURS).toList();
                data = message(MARIO, rcpts, List.of(), DATE, "x");
            }
            case ONLY_PEC_RECIPIENTS_ALLOWED -> {
                transport.setSender(MARIO, new SendingMailboxes.Sender(MailboxStatus.ACTIVE, 0, 1000, true));
                rcpts = List.of(ANNA, LUCA);
                data = PecTestProvider.originalBytes();
            }
            default -> throw new IllegalStateException();
        }

        Submitted s = submit(auth, rcpts, data, T0, false);

        assertThat(s.failure()).isNull();
        assertThat(s.reply().isPositive()).isTrue();
        LogEvent entry = logOf(LogEventType.NON_ACCETTAZIONE).get(0);
        assertThat(s.reply().text()).isEqualTo(
                "2.0.0 Ok: messaggio non accettato, inviato avviso di non accettazione " + entry.msgid());
        assertThat(entry.detail()).contains(refusal.reason);
        assertThat(logOf(LogEventType.NON_ACCETTAZIONE)).hasSize(1);
        assertThat(logOf(LogEventType.ACCETTAZIONE)).isEmpty();
        assertThat(queued()).isEmpty();
        assertThat(transport.state().transmissions).isEmpty();
        if (refusal == Refusal.NO_SUCH_SENDER) {
            // nobody to file it for: the notice is composed and logged, no INBOX gets it
            assertThat(transport.state().mailboxes.values()).allSatisfy(m -> assertThat(m.inbox()).isEmpty());
        } else {
            assertThat(kinds(MARIO)).containsExactly("NON_ACCEPTANCE");
            checkOurs(inboxBytes(MARIO, "NON_ACCEPTANCE"), PecMessageKind.NON_ACCEPTANCE);
            assertThat(classifier.classify(inboxBytes(MARIO, "NON_ACCEPTANCE")).certification().orElseThrow()
                    .identifier()).isEqualTo(entry.msgid());
        }
    }

    @Test
    void anInfectedSubmissionShouldGetTheVirusNoticeAndBeQuarantinedNotSent() throws Exception {
        SmtpReply reply = submit(List.of(GIULIA, PAOLO), toGiulia(EICAR));

        LogEvent entry = logOf(LogEventType.NON_ACCETTAZIONE_VIRUS).get(0);
        assertThat(reply.isPositive()).isTrue();
        assertThat(reply.text()).isEqualTo("2.0.0 Ok: messaggio non accettato per virus, inviato avviso " + entry.msgid());
        assertThat(entry.detail()).isEqualTo("Eicar-Test-Signature");
        assertThat(kinds(MARIO)).containsExactly("NON_ACCEPTANCE_VIRUS");
        checkOurs(inboxBytes(MARIO, "NON_ACCEPTANCE_VIRUS"), PecMessageKind.NON_ACCEPTANCE_VIRUS);
        assertThat(transport.state().quarantine).singleElement().satisfies(q -> {
            assertThat(q.origin()).isEqualTo(VirusCheck.Origin.ACCESS_POINT);
            assertThat(q.msgid()).isEqualTo(entry.msgid());
            assertThat(q.sender()).isEqualTo(MARIO);
            // the submitted original, kept by the quarantine alone
            assertThat(new String(transport.bytes(q.blobId()), StandardCharsets.UTF_8)).contains(EICAR);
            assertThat(transport.references(q.blobId())).isEqualTo(1);
        });
        assertThat(queued()).isEmpty();
        assertThat(transport.state().transmissions).isEmpty();
        assertThat(logOf(LogEventType.ACCETTAZIONE)).isEmpty();
    }

    @Test
    void aSubmissionThatCannotBeScannedShouldBeToldToRetryWithNothingDone() {
        scannerDown = true;

        SmtpReply reply = submit(List.of(GIULIA, PAOLO), toGiulia("Buongiorno"));

        assertThat(reply.isTransientNegative()).isTrue();
        assertThat(reply.text()).startsWith("4.3.0 controllo antivirus non disponibile");
        assertNothingCommitted();
    }

    // ---- failures and crashes

    @Test
    void aFailureAfterTheEnvelopeIsQueuedShouldCommitNothingAndTheClientsRetryBeAcceptedOnce() throws Exception {
        trackingFailure = t -> new IllegalStateException("the database went away while tracking " + t.pecMsgid());
        transport.journal.clear();

        Submitted failed = submit(MARIO, List.of(GIULIA, PAOLO), toGiulia("Buongiorno"), T0, false);

        assertThat(failed.failure()).hasMessageContaining("the database went away");
        // the envelope had been queued and the acceptance filed when it failed: all of it rolled back
        assertThat(transport.journal).contains("dispatch [" + GIULIA + ", " + PAOLO + "]",
                "send ACCEPTANCE [" + MARIO + "]");
        assertNothingCommitted();
        assertThat(queue.claim(WorkQueue.RECEPTION, "node-a/reception-0", 10, T0)).isEmpty();

        trackingFailure = t -> null;
        assertThat(submit(List.of(GIULIA, PAOLO), toGiulia("Buongiorno")).isPositive()).isTrue();
        assertThat(kinds(MARIO)).containsExactly("ACCEPTANCE");
        assertThat(queued()).hasSize(1);
        assertThat(transport.state().transmissions).hasSize(1);
        assertThat(logOf(LogEventType.ACCETTAZIONE)).hasSize(1);
    }

    @Test
    void aCheckedFailureWhileSendingTheAcceptanceShouldRollTheQueuedEnvelopeBackToo() {
        routeFailure = kind -> kind == PecMessageKind.ACCEPTANCE ? new MessagingException("folder locked") : null;

        Submitted failed = submit(MARIO, List.of(GIULIA, PAOLO), toGiulia("Buongiorno"), T0, false);

        // a checked exception: the shell's AllOrNothing rolls back all the same, and SMTP does not answer 250
        assertThat(failed.failure()).isInstanceOf(IOException.class)
                .hasMessage("cannot compose the PEC messages for a submission")
                .hasCauseInstanceOf(MessagingException.class);
        assertNothingCommitted();
    }

    @Test
    void aDeadProcessBeforeTheCommitShouldLeaveNoTraceOfTheSubmission() {
        Submitted lost = submit(MARIO, List.of(GIULIA, PAOLO), toGiulia("Buongiorno"), T0, true);

        assertThat(lost.reply()).isNull();
        assertNothingCommitted();
    }

    // ---- end to end in memory

    @Test
    void aMessageToOurOwnMailboxesShouldArriveWithEachReceiptExactlyOnceThroughCrashesBetweenTheSteps()
            throws Exception {
        // the access point's process dies before its commit: the client gets no 250 and submits again
        assertThat(submit(MARIO, List.of(GIULIA, PAOLO), toGiulia("Buongiorno"), T0, true).reply()).isNull();
        assertThat(submit(List.of(GIULIA, PAOLO), toGiulia("Buongiorno")).isPositive()).isTrue();
        TransmissionRecords.NewTransmission t = transport.state().transmissions.get(0);
        assertThat(kinds(MARIO)).containsExactly("ACCEPTANCE");

        // the reception worker dies before its commit: nothing delivered, the work still leased
        assertThat(receptionStep("node-a/reception-0", T0.plusSeconds(1), true)).isZero();
        assertThat(transport.inbox(GIULIA)).isEmpty();
        assertThat(kinds(MARIO)).containsExactly("ACCEPTANCE");
        assertThat(receptionStep("node-b/reception-0", T0.plusSeconds(30), false)).isZero();

        // after the lease another worker takes it
        Instant afterLease = T0.plusSeconds(1).plus(it.certmail.pec.transport.queue.WorkQueue.LEASE).plusSeconds(1);
        assertThat(receptionStep("node-b/reception-0", afterLease, false)).isEqualTo(1);
        assertThat(receptionStep("node-c/reception-0", afterLease.plus(Duration.ofHours(1)), false)).isZero();

        // our own envelope, not verified again, in each recipient's INBOX once
        assertThat(verifications).hasValue(0);
        assertThat(transport.inbox(GIULIA)).singleElement().satisfies(d -> {
            assertThat(d.blobId()).isEqualTo(t.envelopeBlobId());
            assertThat(d.summary().pecKind()).isEqualTo("TRANSPORT_ENVELOPE");
        });
        assertThat(kinds(PAOLO)).containsExactly("TRANSPORT_ENVELOPE");
        checkOurs(transport.bytes(t.envelopeBlobId()), PecMessageKind.TRANSPORT_ENVELOPE);
        // the acceptance and one ricevuta di avvenuta consegna per recipient in the sender's INBOX, each once
        assertThat(kinds(MARIO)).containsExactly("ACCEPTANCE", "DELIVERY", "DELIVERY");
        checkOurs(inboxBytes(MARIO, "ACCEPTANCE"), PecMessageKind.ACCEPTANCE);
        List<String> receiptIds = new ArrayList<>();
        for (InMemoryTransport.Deposit d : transport.inbox(MARIO)) {
            if (d.summary().pecKind().equals("DELIVERY")) {
                byte[] receipt = transport.bytes(d.blobId());
                checkOurs(receipt, PecMessageKind.DELIVERY);
                assertThat(classifier.classify(receipt).certification().orElseThrow().identifier())
                        .isEqualTo(t.pecMsgid());
                receiptIds.add(d.summary().messageId());
            }
        }
        assertThat(receiptIds).doesNotHaveDuplicates();
        // our presa in carico of our own transmission: kept once for each recipient with its delivery state, signed
        // and held, not filed in the service mailbox's INBOX (as NoticeFiling does, held to the same contract)
        assertThat(kinds(SERVICE)).isEmpty();
        assertThat(transport.state().takeChargesKept).containsOnlyKeys(t.pecMsgid() + " " + GIULIA,
                t.pecMsgid() + " " + PAOLO);
        long takeCharge = transport.state().takeChargesKept.values().iterator().next();
        checkOurs(transport.bytes(takeCharge), PecMessageKind.TAKE_CHARGE);
        assertThat(transport.references(takeCharge)).isEqualTo(2);
        assertThat(transport.state().transmissions).hasSize(1);
        assertThat(logOf(LogEventType.ACCETTAZIONE)).hasSize(1);
        assertThat(logOf(LogEventType.PRESA_IN_CARICO)).hasSize(1);
        assertThat(logOf(LogEventType.CONSEGNA)).extracting(LogEvent::recipients)
                .containsExactly(List.of(GIULIA), List.of(PAOLO));
        assertThat(transport.state().locked).containsExactly(t.pecMsgid());
        // the envelope is kept by the two INBOXes only: the work's reference went with the work
        assertThat(transport.references(t.envelopeBlobId())).isEqualTo(2);
        assertThat(queued()).extracting(w -> w.queue()).containsOnly(WorkQueue.RECEPTION);
        assertThat(queue.claim(WorkQueue.RECEPTION, "node-d/reception-0", 10, afterLease.plus(Duration.ofDays(1))))
                .isEmpty();
    }

    @Test
    void theShellsReplyShouldNeverBePositiveForAnUnreadableSubmission() {
        assertThatThrownBy(() -> point.submit(new SubmissionEnvelope(MARIO, MARIO, List.of(GIULIA),
                InetAddress.getLoopbackAddress(), "", ""), new java.io.InputStream() {
                    @Override
                    public int read() throws IOException {
                        throw new IOException("connection reset");
                    }
                }, T0)).isInstanceOf(IOException.class).hasMessage("connection reset");
    }
}
