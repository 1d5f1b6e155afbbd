package it.certmail.pec.transport.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import it.certmail.pec.crypto.SignatureProfile;
import it.certmail.pec.crypto.SmimeVerifier;
import it.certmail.pec.index.domain.InMemoryProviderIndex;
import it.certmail.pec.log.domain.LogEvent;
import it.certmail.pec.log.model.LogEventType;
import it.certmail.pec.receipts.domain.PecMessageIds;
import it.certmail.pec.receipts.domain.PecMessageKind;
import it.certmail.pec.receipts.infra.PecMessageClassifier;
import it.certmail.pec.receipts.infra.PecMessageComposer;
import it.certmail.pec.receipts.infra.PecTestProvider;
import it.certmail.pec.transport.domain.DeliveryOutcome;
import it.certmail.pec.transport.domain.MxLookup;
import it.certmail.pec.transport.domain.MxRecord;
import it.certmail.pec.transport.domain.RelayResult;
import it.certmail.pec.transport.domain.RelayTarget;
import it.certmail.pec.transport.domain.RetrySchedule;
import it.certmail.pec.transport.domain.RouteResolver;
import it.certmail.pec.transport.domain.SmtpReply;
import it.certmail.pec.transport.domain.StaticRoutes;
import it.certmail.pec.transport.domain.SubmissionEnvelope;
import it.certmail.pec.transport.domain.SubmissionLimits;
import it.certmail.pec.transport.model.WorkQueue;
import it.certmail.pec.transport.model.WorkState;
import it.certmail.pec.transport.queue.InMemoryWorkQueue;
import it.certmail.pec.transport.queue.WorkRetries;

/**
 * The step harness on the REAL {@link Relay}: our REAL {@link AccessPoint} accepts a message for another provider
 * (and for ordinary mail), which queues relay work; a relay worker's step is driven by hand: claim, the attempt over
 * a scripted peer (outside any transaction: it sees the committed state and whatever it wrote would be dropped),
 * then the settling in one transaction with the {@link InMemoryTransport}'s stores and the {@link StagedWorkQueue}.
 * Time is a parameter, a crash a flag. Every message we generate (the acceptance, the busta di trasporto the peer
 * receives) is checked by the classifier (signature, DTD, fields) and by {@code openssl smime -verify}; what the
 * sender learns of a message the peer never took is the 12 h / 24 h notices, checked in
 * {@link DeliveryTimeoutsHarnessTest}.
 */
class RelayHarnessTest {

    static final Instant T0 = PecTestProvider.TIME;
    static final String OURS = PecTestProvider.DOMAIN;
    static final String SERVICE = PecTestProvider.SERVICE_ADDRESS;
    static final String MARIO = PecTestProvider.SENDER;
    static final String ALTRO = "pec.altro.test";
    static final String ANNA = PecTestProvider.RECIPIENT;
    static final String BEA = "bea.neri@" + ALTRO;
    static final String LUCA = PecTestProvider.CC_RECIPIENT;
    static final SubmissionLimits LIMITS = new SubmissionLimits(SubmissionLimits.LEGAL_MIN_RECIPIENTS,
            SubmissionLimits.LEGAL_MIN_TOTAL_BYTES, SubmissionLimits.LEGAL_MIN_TOTAL_BYTES);
    static final DeliveryOutcome.Delivered OK = new DeliveryOutcome.Delivered("250 2.0.0 Ok: queued");

    @TempDir
    Path tmp;

    private final InMemoryWorkQueue queue = new InMemoryWorkQueue(WorkRetries.standard());
    private final StagedWorkQueue work = new StagedWorkQueue(queue);
    private final InMemoryTransport transport = new InMemoryTransport(PecTestProvider.NAME, SERVICE, Set.of(OURS),
            queue);
    private final PecMessageComposer ours = new PecMessageComposer(PecTestProvider.signer(SignatureProfile.DEFAULT),
            PecTestProvider.NAME, OURS, new PecMessageIds("test", OURS, new Random(42)));
    private final PecMessageIds ids = new PecMessageIds("test", OURS, new Random(43));
    /** What the scripted peers were offered, in order, and how they answer each recipient. */
    private final List<Offer> offers = new ArrayList<>();
    private Function<String, DeliveryOutcome> answer = rcpt -> OK;
    private AccessPoint access;
    private Relay relay;

    /** One offer over SMTP: where, the envelope and the exact bytes. */
    record Offer(List<RelayTarget> targets, boolean pecPeer, String mailFrom, List<String> recipients, byte[] bytes) {
    }

    @BeforeEach
    void setUp() {
        access = new AccessPoint(transport.blobs(), transport.senders(), transport.domains(), transport.dispatch(),
                transport.notices(), transport.transmissions(), transport.log(), transport.antivirus(), () -> ours,
                () -> ids, () -> LIMITS, transport.identity());
        // the other provider by static route; ordinary mail by MX; a domain that does not exist
        MxLookup dns = domain -> switch (domain) {
            case "example.org" -> new MxLookup.Found(List.of(new MxRecord(10, "mx.example.org")));
            case "nowhere.test" -> new MxLookup.NoSuchDomain();
            default -> new MxLookup.TemporaryError("SERVFAIL");
        };
        RelayTransport peers = (targets, pecPeer, mailFrom, recipients, message) -> {
            byte[] bytes;
            try (InputStream in = message.open()) {
                bytes = in.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            assertThat((long) bytes.length).isEqualTo(message.size());
            offers.add(new Offer(targets, pecPeer, mailFrom, recipients, bytes));
            Map<String, DeliveryOutcome> outcomes = new LinkedHashMap<>();
            recipients.forEach(r -> outcomes.put(r, answer.apply(r)));
            return new RelayResult(targets.get(0), outcomes);
        };
        relay = new Relay(work, transport.blobs(), new RouteResolver(StaticRoutes.parse(ALTRO + "=127.0.0.1:20025"),
                dns), transport.domains(), peers, transport.log(), transport.identity(), RetrySchedule.standard());
        transport.addMailbox(MARIO, true, false);
        transport.addMailbox(SERVICE, true, false);
        transport.listInIndex(ALTRO);
    }

    // ---- the steps

    /** Where a relay worker's process dies. */
    private enum Crash {
        NONE,
        /** after the peer's reply, before the settling transaction began */
        AFTER_THE_PEERS_REPLY,
        /** inside the settling transaction, before its commit */
        BEFORE_THE_COMMIT
    }

    /**
     * One pass of a relay worker, as {@code TransportWorkers} runs it: claims the due relay work and, for each item,
     * the attempt (no transaction), then the settling in one transaction; what is thrown rolls the settling back and
     * fails the attempt (retried later); a crash loses what was not committed and leaves the item leased.
     *
     * @return the items attempted
     */
    private int relayStep(String owner, Instant now, Crash crash) throws GeneralSecurityException {
        int attempted = 0;
        for (long id : work.claim(WorkQueue.RELAY, owner, 10, now)) {
            Relay.Attempt attempt;
            transport.begin();
            try {
                attempt = relay.attempt(id, owner, now);
            } finally {
                transport.rollback(); // the network part writes nothing
            }
            attempted++;
            if (crash == Crash.AFTER_THE_PEERS_REPLY) {
                return attempted;
            }
            transport.begin();
            work.begin();
            try {
                relay.settle(attempt, owner, now);
                if (crash == Crash.BEFORE_THE_COMMIT) {
                    transport.rollback();
                    work.rollback();
                    return attempted;
                }
                work.commit();
                transport.commit(now);
            } catch (RuntimeException e) {
                transport.rollback();
                work.rollback();
                work.fail(id, owner, e.toString(), now);
            }
        }
        return attempted;
    }

    private int relayStep(Instant now) throws GeneralSecurityException {
        return relayStep("node-a/relay-0", now, Crash.NONE);
    }

    /** Our access point accepts Mario's message, committed; returns what it recorded of the transmission. */
    TransmissionRecords.NewTransmission submit(List<String> rcpts, byte[] data) throws Exception {
        return submit(access, transport, rcpts, data);
    }

    static TransmissionRecords.NewTransmission submit(AccessPoint access, InMemoryTransport transport,
            List<String> rcpts, byte[] data) throws Exception {
        transport.begin();
        try {
            SmtpReply reply = access.submit(new SubmissionEnvelope(MARIO, MARIO, rcpts,
                    InetAddress.getLoopbackAddress(), "pc-mario.example", "s1"), new ByteArrayInputStream(data), T0);
            assertThat(reply.text()).startsWith("2.0.0 Ok: accettato come ");
            transport.commit(T0);
        } catch (Exception | AssertionError e) {
            transport.rollback();
            throw e;
        }
        List<TransmissionRecords.NewTransmission> all = transport.state().transmissions;
        return all.get(all.size() - 1);
    }

    static byte[] message(List<String> to, String body) {
        String eml = "From: Mario Rossi <" + MARIO + ">\n"
                + "To: " + to.stream().map(a -> "<" + a + ">").collect(Collectors.joining(", ")) + "\n"
                + "Subject: Verbale di consegna\n"
                + "Date: Mon, 10 Mar 2025 11:15:00 +0100\n"
                + "Message-ID: <" + Math.abs((to + body).hashCode()) + "@pc-mario.example>\n"
                + "MIME-Version: 1.0\n"
                + "Content-Type: text/plain; charset=UTF-8\n"
                + "\n" + body + "\n";
        return eml.getBytes(StandardCharsets.UTF_8);
    }

    /** As live reception judges at {@code at}: our provider in the index, our CA trusted. */
    static void checkOurs(Path tmp, byte[] raw, PecMessageKind kind, Instant at) throws Exception {
        PecMessageClassifier classifier = new PecMessageClassifier(new SmimeVerifier(
                List.of(PecTestProvider.material().caCertificate()), Clock.fixed(at, ZoneOffset.UTC)),
                InMemoryProviderIndex.of(PecTestProvider.record()));
        OurMessages.check(classifier, tmp, at, raw, kind);
    }

    private it.certmail.pec.transport.queue.WorkQueue.Work item(long id) {
        return queue.find(id).orElseThrow();
    }

    /** The relay work the access point queued for a domain. */
    private long workFor(String domain) {
        List<Long> found = new ArrayList<>();
        for (long id = 1; queue.find(id).isPresent(); id++) {
            if (item(id).queue() == WorkQueue.RELAY && item(id).target().equals(domain)) {
                found.add(id);
            }
        }
        assertThat(found).hasSize(1);
        return found.get(0);
    }

    private List<LogEvent> inoltro() {
        return transport.logged(LogEventType.INOLTRO);
    }

    // ---- relayed

    @Test
    void aMessageShouldBeOfferedOnceToEachDomainAndItsWorkDoneWhenThePeersAccept() throws Exception {
        TransmissionRecords.NewTransmission t = submit(List.of(ANNA, LUCA), PecTestProvider.originalBytes());
        checkOurs(tmp, transport.bytes(transport.inbox(MARIO).get(0).blobId()), PecMessageKind.ACCEPTANCE, T0);
        long toAltro = workFor(ALTRO);
        long toExample = workFor("example.org");
        byte[] envelope = transport.bytes(t.envelopeBlobId());
        assertThat(transport.references(t.envelopeBlobId())).isEqualTo(2);

        assertThat(relayStep(T0)).isEqualTo(2);

        // the other provider by its static route, TLS required; ordinary mail by MX, TLS when offered
        assertThat(offers).hasSize(2);
        Offer altro = offers.stream().filter(o -> o.recipients().equals(List.of(ANNA))).findFirst().orElseThrow();
        assertThat(altro.targets()).containsExactly(new RelayTarget("127.0.0.1", 20025));
        assertThat(altro.pecPeer()).isTrue();
        assertThat(altro.mailFrom()).isEqualTo(MARIO);
        assertThat(altro.bytes()).isEqualTo(envelope);
        checkOurs(tmp, altro.bytes(), PecMessageKind.TRANSPORT_ENVELOPE, T0);
        Offer ordinary = offers.stream().filter(o -> o.recipients().equals(List.of(LUCA))).findFirst().orElseThrow();
        assertThat(ordinary.targets()).containsExactly(new RelayTarget("mx.example.org", RelayTarget.SMTP_PORT));
        assertThat(ordinary.pecPeer()).isFalse();
        assertThat(ordinary.bytes()).isEqualTo(envelope);

        assertThat(item(toAltro).state()).isEqualTo(WorkState.DONE);
        assertThat(item(toExample).state()).isEqualTo(WorkState.DONE);
        // the registro: one INOLTRO per domain, with the envelope's identity and what became of each recipient
        assertThat(inoltro()).hasSize(2).allSatisfy(e -> {
            assertThat(e.msgid()).isEqualTo(t.pecMsgid());
            assertThat(e.sender()).isEqualTo(MARIO);
            assertThat(e.sendingProvider()).isEqualTo(PecTestProvider.NAME);
        });
        assertThat(inoltro()).extracting(LogEvent::detail).containsExactlyInAnyOrder(
                "to " + ALTRO + ": delivered [" + ANNA + "]", "to example.org: delivered [" + LUCA + "]");
        // each work's reference on the envelope went with it; the relay issued nothing of its own
        assertThat(transport.references(t.envelopeBlobId())).isZero();
        assertThat(transport.state().queued).hasSize(2);
        assertThat(transport.kinds(MARIO)).containsExactly("ACCEPTANCE");
        assertThat(relayStep(T0.plus(Duration.ofDays(1)))).isZero();
        assertThat(offers).hasSize(2);
    }

    @Test
    void aTemporaryFailureShouldBeRetriedOnTheScheduleAndTheMessageSentOnce() throws Exception {
        submit(List.of(ANNA), message(List.of(ANNA), "Buongiorno"));
        long id = workFor(ALTRO);
        answer = rcpt -> new DeliveryOutcome.TemporaryFailure("421 4.3.2 service not available");

        assertThat(relayStep(T0)).isEqualTo(1);

        it.certmail.pec.transport.queue.WorkQueue.Work waiting = item(id);
        assertThat(waiting.state()).isEqualTo(WorkState.QUEUED);
        assertThat(waiting.attempts()).isEqualTo(1);
        assertThat(waiting.nextAttemptAt()).isEqualTo(T0.plus(RetrySchedule.DEFAULT_INTERVALS.get(0)));
        assertThat(waiting.lastError()).isEqualTo(ANNA + ": 421 4.3.2 service not available");
        assertThat(waiting.leaseOwner()).isNull();
        assertThat(inoltro()).singleElement().satisfies(e -> assertThat(e.detail())
                .isEqualTo("to " + ALTRO + ": delivered []; [" + ANNA + ": 421 4.3.2 service not available]"));
        assertThat(transport.references(waiting.blobId())).isEqualTo(1);
        // not due before its time, by any node
        assertThat(relayStep("node-b/relay-0", T0.plusSeconds(30), Crash.NONE)).isZero();

        answer = rcpt -> OK;
        assertThat(relayStep("node-b/relay-0", waiting.nextAttemptAt(), Crash.NONE)).isEqualTo(1);

        assertThat(item(id).state()).isEqualTo(WorkState.DONE);
        assertThat(offers).hasSize(2);
        assertThat(offers.get(1).bytes()).isEqualTo(offers.get(0).bytes());
        checkOurs(tmp, offers.get(1).bytes(), PecMessageKind.TRANSPORT_ENVELOPE, T0);
        assertThat(inoltro()).hasSize(2);
        assertThat(inoltro().get(1).detail()).isEqualTo("to " + ALTRO + ": delivered [" + ANNA + "]");
        assertThat(transport.references(waiting.blobId())).isZero();
    }

    @Test
    void onlyTheRecipientsThatFailedForNowShouldBeOfferedAgain() throws Exception {
        submit(List.of(ANNA, BEA), message(List.of(ANNA, BEA), "A entrambe"));
        long id = workFor(ALTRO);
        answer = rcpt -> rcpt.equals(BEA) ? new DeliveryOutcome.TemporaryFailure("452 4.2.2 mailbox full") : OK;

        relayStep(T0);

        assertThat(offers.get(0).recipients()).containsExactly(ANNA, BEA);
        assertThat(item(id).recipients()).containsExactly(BEA);
        assertThat(item(id).state()).isEqualTo(WorkState.QUEUED);
        answer = rcpt -> OK;
        relayStep(item(id).nextAttemptAt());

        assertThat(offers.get(1).recipients()).containsExactly(BEA);
        assertThat(item(id).state()).isEqualTo(WorkState.DONE);
        assertThat(inoltro()).extracting(LogEvent::detail).containsExactly(
                "to " + ALTRO + ": delivered [" + ANNA + "]; [" + BEA + ": 452 4.2.2 mailbox full]",
                "to " + ALTRO + ": delivered [" + BEA + "]");
    }

    @Test
    void aPeerDownForADayShouldBeGivenUpAtTheTwentyFourHourMarkAndOfferedNothingAfterIt() throws Exception {
        TransmissionRecords.NewTransmission t = submit(List.of(ANNA), message(List.of(ANNA), "Buongiorno"));
        long id = workFor(ALTRO);
        answer = rcpt -> new DeliveryOutcome.TemporaryFailure("421 4.4.2 connection timed out");
        Instant deadline = T0.plus(RetrySchedule.DEFAULT_MAX_AGE);

        Instant now = T0;
        int attempts = 0;
        while (item(id).state() == WorkState.QUEUED) {
            assertThat(relayStep(now)).isEqualTo(1);
            attempts++;
            now = item(id).nextAttemptAt();
            assertThat(now).isBeforeOrEqualTo(deadline);
        }

        it.certmail.pec.transport.queue.WorkQueue.Work given = item(id);
        assertThat(given.state()).isEqualTo(WorkState.FAILED);
        assertThat(given.lastError()).startsWith("gave up after 24 hours: " + ANNA + ": not sent: queued 24 hours ago");
        // the last retry fell due exactly at the deadline, and that attempt offered nothing
        assertThat(offers).hasSize(attempts - 1);
        assertThat(inoltro()).hasSize(attempts);
        assertThat(transport.references(t.envelopeBlobId())).isZero();
        // the relay issued no notice of its own: the 24 h notice of the tracking tells Mario, once
        assertThat(transport.state().queued).hasSize(1);
        assertThat(transport.kinds(MARIO)).containsExactly("ACCEPTANCE");
        assertThat(relayStep(deadline.plus(Duration.ofDays(2)))).isZero();
        assertThat(offers).hasSize(attempts - 1);
    }

    @Test
    void aPermanentRefusalShouldFailTheWorkAtOnceAndNeverOfferItAgain() throws Exception {
        TransmissionRecords.NewTransmission t = submit(List.of(ANNA), message(List.of(ANNA), "Buongiorno"));
        long id = workFor(ALTRO);
        answer = rcpt -> new DeliveryOutcome.PermanentFailure("550 5.1.1 no such user");

        assertThat(relayStep(T0)).isEqualTo(1);

        assertThat(item(id).state()).isEqualTo(WorkState.FAILED);
        assertThat(item(id).attempts()).isEqualTo(1);
        assertThat(item(id).lastError()).isEqualTo(ANNA + ": 550 5.1.1 no such user");
        assertThat(inoltro()).singleElement().satisfies(e -> assertThat(e.detail())
                .isEqualTo("to " + ALTRO + ": delivered []; [" + ANNA + ": 550 5.1.1 no such user]"));
        assertThat(transport.references(t.envelopeBlobId())).isZero();
        assertThat(relayStep(T0.plus(Duration.ofHours(3)))).isZero();
        assertThat(offers).hasSize(1);
    }

    @Test
    void aDomainThatDoesNotExistShouldBeRefusedWithoutAnOffer() throws Exception {
        long blob = transport.storeCommitted(message(List.of("chi@nowhere.test"), "x"));
        long id = queue.enqueue(new it.certmail.pec.transport.queue.WorkQueue.NewWork(WorkQueue.RELAY, blob, MARIO,
                List.of("chi@nowhere.test"), "nowhere.test", false, T0.plus(Duration.ofHours(24))), T0);

        relayStep(T0);

        assertThat(offers).isEmpty();
        assertThat(item(id).state()).isEqualTo(WorkState.FAILED);
        assertThat(item(id).lastError()).isEqualTo(
                "chi@nowhere.test: no route to nowhere.test: domain nowhere.test does not exist (NXDOMAIN)");
        assertThat(transport.references(blob)).isZero();
    }

    @Test
    void workWhoseMessageIsGoneShouldBeHeldAndNeverRetried() throws Exception {
        long id = queue.enqueue(new it.certmail.pec.transport.queue.WorkQueue.NewWork(WorkQueue.RELAY, 999, MARIO,
                List.of(ANNA), ALTRO, false, T0.plus(Duration.ofHours(24))), T0);

        assertThat(relayStep(T0)).isEqualTo(1);

        assertThat(item(id).state()).isEqualTo(WorkState.HELD);
        assertThat(item(id).lastError()).isEqualTo("the message to relay (blob 999) is gone");
        assertThat(offers).isEmpty();
        assertThat(transport.state().log).isEmpty();
        for (Duration later : List.of(Duration.ofMinutes(1), Duration.ofHours(2), Duration.ofDays(3))) {
            assertThat(relayStep("node-b/relay-0", T0.plus(later), Crash.NONE)).isZero();
        }
        assertThat(item(id).state()).isEqualTo(WorkState.HELD);
    }

    // ---- crashes

    @Test
    void aCrashAfterThePeersReplyShouldOfferTheMessageAgainAfterTheLeaseAndSettleItOnce() throws Exception {
        TransmissionRecords.NewTransmission t = submit(List.of(ANNA), message(List.of(ANNA), "Buongiorno"));
        long id = workFor(ALTRO);

        assertThat(relayStep("node-a/relay-0", T0, Crash.AFTER_THE_PEERS_REPLY)).isEqualTo(1);

        assertThat(offers).hasSize(1);
        assertThat(item(id).state()).isEqualTo(WorkState.QUEUED);
        assertThat(item(id).leaseOwner()).isEqualTo("node-a/relay-0");
        assertThat(inoltro()).isEmpty();
        assertThat(transport.references(t.envelopeBlobId())).isEqualTo(1);
        // still leased to the dead worker: nobody else takes it yet
        assertThat(relayStep("node-b/relay-0", T0.plusSeconds(30), Crash.NONE)).isZero();

        Instant afterLease = T0.plus(it.certmail.pec.transport.queue.WorkQueue.LEASE).plusSeconds(1);
        assertThat(relayStep("node-b/relay-0", afterLease, Crash.NONE)).isEqualTo(1);

        // at least once on the wire (ADR 0001): the same bytes twice, the peer's reception ledger knows the copy;
        // our own effects once
        assertThat(offers).hasSize(2);
        assertThat(offers.get(1).bytes()).isEqualTo(offers.get(0).bytes());
        assertThat(item(id).state()).isEqualTo(WorkState.DONE);
        assertThat(inoltro()).hasSize(1);
        assertThat(transport.references(t.envelopeBlobId())).isZero();
        // the dead worker's late settling changes nothing
        Relay.Attempt late = new Relay.Attempt(new it.certmail.pec.transport.queue.WorkQueue.Work(id, WorkQueue.RELAY,
                WorkState.QUEUED, t.envelopeBlobId(), MARIO, List.of(ANNA), ALTRO, 0, T0, "node-a/relay-0",
                T0.plus(it.certmail.pec.transport.queue.WorkQueue.LEASE), null, T0), Map.of(ANNA, OK), null);
        transport.begin();
        work.begin();
        relay.settle(late, "node-a/relay-0", afterLease);
        work.commit();
        transport.commit(afterLease);
        assertThat(inoltro()).hasSize(1);
        assertThat(relayStep("node-c/relay-0", afterLease.plus(Duration.ofHours(3)), Crash.NONE)).isZero();
        assertThat(offers).hasSize(2);
    }

    @Test
    void aCrashBeforeTheSettlingCommitsShouldCommitNothingAndTheRetrySettleOnce() throws Exception {
        TransmissionRecords.NewTransmission t = submit(List.of(ANNA), message(List.of(ANNA), "Buongiorno"));
        long id = workFor(ALTRO);
        answer = rcpt -> new DeliveryOutcome.TemporaryFailure("421 4.3.2 try later");

        relayStep("node-a/relay-0", T0, Crash.BEFORE_THE_COMMIT);

        // the registro entry and the retry were staged, then lost with the process
        assertThat(inoltro()).isEmpty();
        assertThat(item(id).state()).isEqualTo(WorkState.QUEUED);
        assertThat(item(id).attempts()).isZero();
        assertThat(item(id).leaseOwner()).isEqualTo("node-a/relay-0");
        assertThat(transport.references(t.envelopeBlobId())).isEqualTo(1);

        answer = rcpt -> OK;
        Instant afterLease = T0.plus(it.certmail.pec.transport.queue.WorkQueue.LEASE).plusSeconds(1);
        assertThat(relayStep("node-b/relay-0", afterLease, Crash.NONE)).isEqualTo(1);

        assertThat(item(id).state()).isEqualTo(WorkState.DONE);
        assertThat(item(id).attempts()).isZero();
        assertThat(inoltro()).singleElement()
                .satisfies(e -> assertThat(e.detail()).isEqualTo("to " + ALTRO + ": delivered [" + ANNA + "]"));
        assertThat(transport.references(t.envelopeBlobId())).isZero();
    }

    @Test
    void aSettlingThatThrowsShouldCommitNothingAndTheAttemptBeRetried() throws Exception {
        TransmissionRecords.NewTransmission t = submit(List.of(ANNA), message(List.of(ANNA), "Buongiorno"));
        long id = workFor(ALTRO);
        // the registro is written, then releasing the blob fails (the database went away): the step is rolled back
        OfficialLog log = transport.log();
        BlobAccess blobs = transport.blobs();
        boolean[] failOnce = {true};
        BlobAccess failing = new BlobAccess() {
            @Override
            public java.util.Optional<it.certmail.pec.blob.domain.BlobRef> find(long blobId) {
                return blobs.find(blobId);
            }

            @Override
            public InputStream open(long blobId) {
                return blobs.open(blobId);
            }

            @Override
            public it.certmail.pec.blob.domain.BlobRef store(it.certmail.pec.mime.Spool bytes) {
                return blobs.store(bytes);
            }

            @Override
            public void release(long blobId) {
                if (failOnce[0]) {
                    failOnce[0] = false;
                    throw new IllegalStateException("the database went away");
                }
                blobs.release(blobId);
            }
        };
        Relay shaky = new Relay(work, failing, new RouteResolver(StaticRoutes.parse(ALTRO + "=127.0.0.1:20025"),
                d -> new MxLookup.NoSuchDomain()), transport.domains(), (targets, pec, from, rcpts, m) -> {
                    offers.add(new Offer(targets, pec, from, rcpts, new byte[0]));
                    return new RelayResult(targets.get(0), Map.of(ANNA, OK));
                }, log, transport.identity(), RetrySchedule.standard());
        relay = shaky;

        relayStep(T0);

        assertThat(inoltro()).isEmpty();
        assertThat(item(id).state()).isEqualTo(WorkState.QUEUED);
        assertThat(item(id).attempts()).isEqualTo(1);
        assertThat(item(id).lastError()).contains("the database went away");
        assertThat(transport.references(t.envelopeBlobId())).isEqualTo(1);

        relayStep(item(id).nextAttemptAt());

        assertThat(item(id).state()).isEqualTo(WorkState.DONE);
        assertThat(inoltro()).hasSize(1);
        assertThat(transport.references(t.envelopeBlobId())).isZero();
    }
}
