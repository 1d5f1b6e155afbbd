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
import it.certmail.pec.transport.model.DeliveryStatus;
import it.certmail.pec.transport.queue.InMemoryWorkQueue;
import it.certmail.pec.transport.queue.WorkRetries;

/**
 * The step harness on the REAL {@link Relay}: our REAL {@link AccessPoint} accepts a message for another provider
 * (and for ordinary mail), which queues one delivery row per recipient (ADR 0003); a relay loop's step is driven by
 * hand: the claim (a transaction of its own), the attempt of each batch over a scripted peer (outside any
 * transaction: it sees the committed state and whatever it wrote would be dropped), then the settling in one
 * transaction with the {@link InMemoryTransport}'s stores and its {@link InMemoryDeliveries}.
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
    private final InMemoryTransport transport = new InMemoryTransport(PecTestProvider.NAME, SERVICE, Set.of(OURS),
            queue);
    private final InMemoryDeliveries deliveries = transport.deliveries();
    /** The batches the last relay step claimed, as it held them. */
    private List<Deliveries.Batch> claimed = List.of();
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
        relay = new Relay(deliveries, transport.blobs(), new RouteResolver(StaticRoutes.parse(ALTRO + "=127.0.0.1:20025"),
                dns), transport.domains(), peers, transport.log(), transport.identity(), RetrySchedule.standard());
        transport.addMailbox(MARIO, true, false);
        transport.addMailbox(SERVICE, true, false);
        transport.listInIndex(ALTRO);
    }

    // ---- the steps

    /** Where a relay loop's process dies. */
    private enum Crash {
        NONE,
        /** after the peer's reply, before the settling transaction began */
        AFTER_THE_PEERS_REPLY,
        /** inside the settling transaction, before its commit */
        BEFORE_THE_COMMIT
    }

    /**
     * One pass of a relay loop, as {@code TransportWorkers} runs it: claims the due batches (a transaction of its
     * own) and, for each, the attempt (no transaction), then the settling in one transaction; what is thrown rolls
     * the settling back and the attempt is counted failed in a transaction of its own (each row retried later); a
     * crash loses what was not committed and leaves the rows leased.
     *
     * @return the batches attempted
     */
    private int relayStep(String owner, Instant now, Crash crash) throws GeneralSecurityException {
        int attempted = 0;
        claimed = relay.claim(owner, 10, 1, now);
        for (Deliveries.Batch batch : claimed) {
            Relay.Attempt attempt;
            transport.begin();
            try {
                attempt = relay.attempt(batch, now);
            } finally {
                transport.rollback(); // the network part writes nothing
            }
            attempted++;
            if (crash == Crash.AFTER_THE_PEERS_REPLY) {
                return attempted;
            }
            transport.begin();
            try {
                relay.settle(attempt, owner, now);
                if (crash == Crash.BEFORE_THE_COMMIT) {
                    transport.rollback();
                    return attempted;
                }
                transport.commit(now);
            } catch (RuntimeException e) {
                transport.rollback();
                transport.inTransaction(now, s -> {
                    relay.attemptFailed(batch, owner, e.toString(), now);
                    return null;
                });
            }
        }
        return attempted;
    }

    private int relayStep(Instant now) throws GeneralSecurityException {
        return relayStep("node-a/relay-0", now, Crash.NONE);
    }

    /** The settling of {@code attempt} by {@code owner}, committed. */
    private void settle(Relay.Attempt attempt, String owner, Instant now) {
        transport.inTransaction(now, s -> {
            relay.settle(attempt, owner, now);
            return null;
        });
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

    /** The committed delivery row of a recipient. */
    private InMemoryDeliveries.Row row(String recipient) {
        return deliveries.row(recipient);
    }

    /** A message we relay that is not a transmission of ours, queued as the dispatch queues it (the stored reference
     * going to its one row). */
    private long queueForRelay(long blobId, String recipient) {
        return transport.inTransaction(T0, s -> deliveries.queue(recipient, AccessPoint.domainOf(recipient), blobId,
                MARIO, T0, T0.plus(Duration.ofHours(24))));
    }

    private List<LogEvent> inoltro() {
        return transport.logged(LogEventType.INOLTRO);
    }

    // ---- relayed

    @Test
    void aMessageShouldBeOfferedOnceToEachDomainAndItsRowsHandedOnWhenThePeersAccept() throws Exception {
        TransmissionRecords.NewTransmission t = submit(List.of(ANNA, LUCA), PecTestProvider.originalBytes());
        checkOurs(tmp, transport.bytes(transport.inbox(MARIO).get(0).blobId()), PecMessageKind.ACCEPTANCE, T0);
        // one row per recipient, the transmission's, each holding a reference on the envelope
        assertThat(deliveries.rows()).extracting(InMemoryDeliveries.Row::recipient, InMemoryDeliveries.Row::pecMsgid,
                InMemoryDeliveries.Row::certified, InMemoryDeliveries.Row::status, InMemoryDeliveries.Row::domain)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple(ANNA, t.pecMsgid(), true, DeliveryStatus.QUEUED, ALTRO),
                        org.assertj.core.groups.Tuple.tuple(LUCA, t.pecMsgid(), false, DeliveryStatus.QUEUED,
                                "example.org"));
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

        assertThat(row(ANNA).status()).isEqualTo(DeliveryStatus.RELAYED);
        assertThat(row(LUCA).status()).isEqualTo(DeliveryStatus.RELAYED);
        // the registro: one INOLTRO per domain, with the envelope's identity and what became of each recipient
        assertThat(inoltro()).hasSize(2).allSatisfy(e -> {
            assertThat(e.msgid()).isEqualTo(t.pecMsgid());
            assertThat(e.sender()).isEqualTo(MARIO);
            assertThat(e.sendingProvider()).isEqualTo(PecTestProvider.NAME);
        });
        assertThat(inoltro()).extracting(LogEvent::detail).containsExactlyInAnyOrder(
                "to " + ALTRO + ": delivered [" + ANNA + "]", "to example.org: delivered [" + LUCA + "]");
        assertThat(inoltro()).extracting(LogEvent::recipients).containsExactlyInAnyOrder(List.of(ANNA), List.of(LUCA));
        // each row's reference on the envelope went with it; the relay issued nothing of its own
        assertThat(transport.references(t.envelopeBlobId())).isZero();
        assertThat(transport.state().queued).as("no work for our reception point").isEmpty();
        assertThat(transport.kinds(MARIO)).containsExactly("ACCEPTANCE");
        assertThat(relayStep(T0.plus(Duration.ofDays(1)))).isZero();
        assertThat(offers).hasSize(2);
    }

    @Test
    void aTemporaryFailureShouldBeRetriedOnTheScheduleAndTheMessageSentOnce() throws Exception {
        TransmissionRecords.NewTransmission t = submit(List.of(ANNA), message(List.of(ANNA), "Buongiorno"));
        answer = rcpt -> new DeliveryOutcome.TemporaryFailure("421 4.3.2 service not available");

        assertThat(relayStep(T0)).isEqualTo(1);

        InMemoryDeliveries.Row waiting = row(ANNA);
        assertThat(waiting.status()).isEqualTo(DeliveryStatus.QUEUED);
        assertThat(waiting.attempts()).isEqualTo(1);
        assertThat(waiting.nextAttemptAt()).isEqualTo(T0.plus(RetrySchedule.DEFAULT_INTERVALS.get(0)));
        assertThat(waiting.lastError()).isEqualTo("421 4.3.2 service not available");
        assertThat(waiting.leaseOwner()).isNull();
        assertThat(inoltro()).singleElement().satisfies(e -> assertThat(e.detail())
                .isEqualTo("to " + ALTRO + ": delivered []; [" + ANNA + ": 421 4.3.2 service not available]"));
        assertThat(transport.references(t.envelopeBlobId())).isEqualTo(1);
        // not due before its time, by any node
        assertThat(relayStep("node-b/relay-0", T0.plusSeconds(30), Crash.NONE)).isZero();

        answer = rcpt -> OK;
        assertThat(relayStep("node-b/relay-0", waiting.nextAttemptAt(), Crash.NONE)).isEqualTo(1);

        assertThat(row(ANNA).status()).isEqualTo(DeliveryStatus.RELAYED);
        assertThat(row(ANNA).attempts()).isEqualTo(1);
        assertThat(offers).hasSize(2);
        assertThat(offers.get(1).bytes()).isEqualTo(offers.get(0).bytes());
        checkOurs(tmp, offers.get(1).bytes(), PecMessageKind.TRANSPORT_ENVELOPE, T0);
        assertThat(inoltro()).hasSize(2);
        assertThat(inoltro().get(1).detail()).isEqualTo("to " + ALTRO + ": delivered [" + ANNA + "]");
        assertThat(transport.references(t.envelopeBlobId())).isZero();
    }

    /**
     * Two recipients of one domain in one SMTP transaction: the one the peer took leaves the queue at once with its
     * reference, the other is retried alone; the envelope's references end at what its other holders (our reception
     * point's work for a recipient of ours) have, each row's released exactly once.
     */
    @Test
    void onlyTheRecipientsThatFailedForNowShouldBeOfferedAgainAndEachReferenceReleasedOnce() throws Exception {
        String gino = "gino.verdi@" + OURS;
        transport.addMailbox(gino, true, false);
        TransmissionRecords.NewTransmission t = submit(List.of(ANNA, BEA, gino), message(List.of(ANNA, BEA, gino),
                "A entrambe"));
        assertThat(transport.state().queued).as("our reception point's work for Gino").hasSize(1);
        assertThat(transport.references(t.envelopeBlobId())).as("the reception work and two rows").isEqualTo(3);
        answer = rcpt -> rcpt.equals(BEA) ? new DeliveryOutcome.TemporaryFailure("452 4.2.2 mailbox full") : OK;

        assertThat(relayStep(T0)).isEqualTo(1);

        assertThat(offers.get(0).recipients()).containsExactly(ANNA, BEA);
        assertThat(row(ANNA).status()).isEqualTo(DeliveryStatus.RELAYED);
        assertThat(row(BEA).status()).isEqualTo(DeliveryStatus.QUEUED);
        assertThat(row(BEA).attempts()).isEqualTo(1);
        assertThat(row(BEA).lastError()).isEqualTo("452 4.2.2 mailbox full");
        assertThat(transport.references(t.envelopeBlobId())).as("Anna's reference went with her row").isEqualTo(2);
        // the same settling again (a late copy of it) releases nothing more
        settle(new Relay.Attempt(claimed.get(0), Map.of(ANNA, OK, BEA, OK), null), "node-a/relay-0", T0);
        assertThat(transport.references(t.envelopeBlobId())).isEqualTo(2);
        assertThat(row(BEA).status()).isEqualTo(DeliveryStatus.QUEUED);

        answer = rcpt -> OK;
        assertThat(relayStep(row(BEA).nextAttemptAt())).isEqualTo(1);

        assertThat(offers).hasSize(2);
        assertThat(offers.get(1).recipients()).containsExactly(BEA);
        assertThat(row(BEA).status()).isEqualTo(DeliveryStatus.RELAYED);
        assertThat(row(ANNA).status()).isEqualTo(DeliveryStatus.RELAYED);
        assertThat(inoltro()).extracting(LogEvent::detail).containsExactly(
                "to " + ALTRO + ": delivered [" + ANNA + "]; [" + BEA + ": 452 4.2.2 mailbox full]",
                "to " + ALTRO + ": delivered [" + BEA + "]");
        assertThat(inoltro()).extracting(LogEvent::recipients).containsExactly(List.of(ANNA, BEA), List.of(BEA));
        assertThat(transport.references(t.envelopeBlobId())).as("only our reception point's work holds it")
                .isEqualTo(1);
        assertThat(relayStep(T0.plus(Duration.ofDays(1)))).isZero();
    }

    @Test
    void aPeerDownForADayShouldBeGivenUpAtTheTwentyFourHourMarkAndOfferedNothingAfterIt() throws Exception {
        TransmissionRecords.NewTransmission t = submit(List.of(ANNA), message(List.of(ANNA), "Buongiorno"));
        answer = rcpt -> new DeliveryOutcome.TemporaryFailure("421 4.4.2 connection timed out");
        Instant deadline = T0.plus(RetrySchedule.DEFAULT_MAX_AGE);

        Instant now = T0;
        int attempts = 0;
        while (row(ANNA).status() == DeliveryStatus.QUEUED) {
            assertThat(relayStep(now)).isEqualTo(1);
            attempts++;
            now = row(ANNA).nextAttemptAt();
            assertThat(now).isBeforeOrEqualTo(deadline);
        }

        InMemoryDeliveries.Row given = row(ANNA);
        assertThat(given.status()).isEqualTo(DeliveryStatus.EXPIRED);
        assertThat(given.attempts()).isEqualTo(attempts);
        assertThat(given.lastError()).isEqualTo("gave up after 24 hours: not sent: queued 24 hours ago");
        // the last retry fell due exactly at the deadline, and that attempt offered nothing
        assertThat(now).isEqualTo(deadline);
        assertThat(offers).hasSize(attempts - 1);
        assertThat(inoltro()).hasSize(attempts);
        assertThat(transport.references(t.envelopeBlobId())).isZero();
        // the relay issued no notice of its own: the 24 h notice of the tracking tells Mario, once
        assertThat(transport.state().queued).isEmpty();
        assertThat(deliveries.rows()).hasSize(1);
        assertThat(transport.kinds(MARIO)).containsExactly("ACCEPTANCE");
        assertThat(relayStep(deadline.plus(Duration.ofDays(2)))).isZero();
        assertThat(offers).hasSize(attempts - 1);
    }

    @Test
    void aPermanentRefusalShouldEndTheRowAtOnceAndNeverOfferItAgain() throws Exception {
        TransmissionRecords.NewTransmission t = submit(List.of(ANNA), message(List.of(ANNA), "Buongiorno"));
        answer = rcpt -> new DeliveryOutcome.PermanentFailure("550 5.1.1 no such user");

        assertThat(relayStep(T0)).isEqualTo(1);

        assertThat(row(ANNA).status()).isEqualTo(DeliveryStatus.REFUSED);
        assertThat(row(ANNA).attempts()).isEqualTo(1);
        assertThat(row(ANNA).lastError()).isEqualTo("550 5.1.1 no such user");
        assertThat(inoltro()).singleElement().satisfies(e -> assertThat(e.detail())
                .isEqualTo("to " + ALTRO + ": delivered []; [" + ANNA + ": 550 5.1.1 no such user]"));
        assertThat(transport.references(t.envelopeBlobId())).isZero();
        assertThat(relayStep(T0.plus(Duration.ofHours(3)))).isZero();
        assertThat(offers).hasSize(1);
    }

    @Test
    void aDomainThatDoesNotExistShouldBeRefusedWithoutAnOffer() throws Exception {
        long blob = transport.storeCommitted(message(List.of("chi@nowhere.test"), "x"));
        queueForRelay(blob, "chi@nowhere.test");

        relayStep(T0);

        assertThat(offers).isEmpty();
        assertThat(row("chi@nowhere.test").status()).isEqualTo(DeliveryStatus.REFUSED);
        assertThat(row("chi@nowhere.test").lastError())
                .isEqualTo("no route to nowhere.test: domain nowhere.test does not exist (NXDOMAIN)");
        assertThat(transport.references(blob)).isZero();
    }

    @Test
    void rowsWhoseMessageIsGoneShouldBeHeldAndNeverRetried() throws Exception {
        transport.inTransaction(T0, s -> {
            deliveries.queue(ANNA, ALTRO, 999, MARIO, T0, T0.plus(Duration.ofHours(24)));
            return deliveries.queue(BEA, ALTRO, 999, MARIO, T0, T0.plus(Duration.ofHours(24)));
        });

        assertThat(relayStep(T0)).isEqualTo(1);

        for (String rcpt : List.of(ANNA, BEA)) {
            assertThat(row(rcpt).status()).isEqualTo(DeliveryStatus.HELD);
            assertThat(row(rcpt).lastError()).isEqualTo("the message to relay (blob 999) is gone");
            assertThat(row(rcpt).leaseOwner()).isNull();
        }
        assertThat(offers).isEmpty();
        assertThat(transport.state().log).isEmpty();
        for (Duration later : List.of(Duration.ofMinutes(1), Duration.ofHours(2), Duration.ofDays(3))) {
            assertThat(relayStep("node-b/relay-0", T0.plus(later), Crash.NONE)).isZero();
        }
        assertThat(row(ANNA).status()).isEqualTo(DeliveryStatus.HELD);
    }

    // ---- crashes

    @Test
    void aCrashAfterThePeersReplyShouldOfferTheMessageAgainAfterTheLeaseAndSettleItOnce() throws Exception {
        TransmissionRecords.NewTransmission t = submit(List.of(ANNA), message(List.of(ANNA), "Buongiorno"));

        assertThat(relayStep("node-a/relay-0", T0, Crash.AFTER_THE_PEERS_REPLY)).isEqualTo(1);
        Deliveries.Batch deadWorkers = claimed.get(0);

        assertThat(offers).hasSize(1);
        assertThat(row(ANNA).status()).isEqualTo(DeliveryStatus.QUEUED);
        assertThat(row(ANNA).leaseOwner()).isEqualTo("node-a/relay-0");
        assertThat(inoltro()).isEmpty();
        assertThat(transport.references(t.envelopeBlobId())).isEqualTo(1);
        // still leased to the dead worker: nobody else takes it yet
        assertThat(relayStep("node-b/relay-0", T0.plusSeconds(30), Crash.NONE)).isZero();

        Instant afterLease = T0.plus(Deliveries.LEASE).plusSeconds(1);
        assertThat(relayStep("node-b/relay-0", afterLease, Crash.NONE)).isEqualTo(1);

        // at least once on the wire (ADR 0001): the same bytes twice, the peer's reception ledger knows the copy;
        // our own effects once
        assertThat(offers).hasSize(2);
        assertThat(offers.get(1).bytes()).isEqualTo(offers.get(0).bytes());
        assertThat(row(ANNA).status()).isEqualTo(DeliveryStatus.RELAYED);
        assertThat(inoltro()).hasSize(1);
        assertThat(transport.references(t.envelopeBlobId())).isZero();
        // the dead worker's late settling changes nothing: no second registro entry, no second release
        settle(new Relay.Attempt(deadWorkers, Map.of(ANNA, OK), null), "node-a/relay-0", afterLease);
        settle(new Relay.Attempt(deadWorkers, Map.of(ANNA, new DeliveryOutcome.TemporaryFailure("421")), null),
                "node-a/relay-0", afterLease);
        assertThat(inoltro()).hasSize(1);
        assertThat(row(ANNA).status()).isEqualTo(DeliveryStatus.RELAYED);
        assertThat(relayStep("node-c/relay-0", afterLease.plus(Duration.ofHours(3)), Crash.NONE)).isZero();
        assertThat(offers).hasSize(2);
    }

    /** A loop slower than its lease: another took the rows over and settled them; the slow one's settling is void. */
    @Test
    void aSettlingAfterTheLeaseWasTakenOverShouldChangeNothingEvenBeforeTheNewOwnerSettles() throws Exception {
        TransmissionRecords.NewTransmission t = submit(List.of(ANNA), message(List.of(ANNA), "Buongiorno"));
        relayStep("node-a/relay-0", T0, Crash.AFTER_THE_PEERS_REPLY);
        Deliveries.Batch slow = claimed.get(0);
        Instant afterLease = T0.plus(Deliveries.LEASE).plusSeconds(1);
        assertThat(relay.claim("node-b/relay-0", 10, 1, afterLease)).hasSize(1);

        settle(new Relay.Attempt(slow, Map.of(ANNA, OK), null), "node-a/relay-0", afterLease);
        settle(new Relay.Attempt(slow, Map.of(), "the message to relay is gone"), "node-a/relay-0", afterLease);

        assertThat(row(ANNA).status()).isEqualTo(DeliveryStatus.QUEUED);
        assertThat(row(ANNA).leaseOwner()).isEqualTo("node-b/relay-0");
        assertThat(inoltro()).isEmpty();
        assertThat(transport.references(t.envelopeBlobId())).isEqualTo(1);
    }

    @Test
    void aCrashBeforeTheSettlingCommitsShouldCommitNothingAndTheRetrySettleOnce() throws Exception {
        TransmissionRecords.NewTransmission t = submit(List.of(ANNA), message(List.of(ANNA), "Buongiorno"));
        answer = rcpt -> new DeliveryOutcome.TemporaryFailure("421 4.3.2 try later");

        relayStep("node-a/relay-0", T0, Crash.BEFORE_THE_COMMIT);

        // the registro entry and the retry were written in the transaction, then lost with the process
        assertThat(inoltro()).isEmpty();
        assertThat(row(ANNA).status()).isEqualTo(DeliveryStatus.QUEUED);
        assertThat(row(ANNA).attempts()).isZero();
        assertThat(row(ANNA).leaseOwner()).isEqualTo("node-a/relay-0");
        assertThat(transport.references(t.envelopeBlobId())).isEqualTo(1);

        answer = rcpt -> OK;
        Instant afterLease = T0.plus(Deliveries.LEASE).plusSeconds(1);
        assertThat(relayStep("node-b/relay-0", afterLease, Crash.NONE)).isEqualTo(1);

        assertThat(row(ANNA).status()).isEqualTo(DeliveryStatus.RELAYED);
        assertThat(row(ANNA).attempts()).isZero();
        assertThat(inoltro()).singleElement()
                .satisfies(e -> assertThat(e.detail()).isEqualTo("to " + ALTRO + ": delivered [" + ANNA + "]"));
        assertThat(transport.references(t.envelopeBlobId())).isZero();
    }

    @Test
    void aSettlingThatThrowsShouldCommitNothingAndTheAttemptBeRetried() throws Exception {
        TransmissionRecords.NewTransmission t = submit(List.of(ANNA), message(List.of(ANNA), "Buongiorno"));
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
        relay = new Relay(deliveries, failing, new RouteResolver(StaticRoutes.parse(ALTRO + "=127.0.0.1:20025"),
                d -> new MxLookup.NoSuchDomain()), transport.domains(), (targets, pec, from, rcpts, m) -> {
                    offers.add(new Offer(targets, pec, from, rcpts, new byte[0]));
                    return new RelayResult(targets.get(0), Map.of(ANNA, OK));
                }, log, transport.identity(), RetrySchedule.standard());

        relayStep(T0);

        assertThat(inoltro()).isEmpty();
        assertThat(row(ANNA).status()).isEqualTo(DeliveryStatus.QUEUED);
        assertThat(row(ANNA).attempts()).isEqualTo(1);
        assertThat(row(ANNA).lastError()).contains("the database went away");
        assertThat(row(ANNA).nextAttemptAt()).isEqualTo(T0.plus(RetrySchedule.DEFAULT_INTERVALS.get(0)));
        assertThat(transport.references(t.envelopeBlobId())).isEqualTo(1);

        relayStep(row(ANNA).nextAttemptAt());

        assertThat(row(ANNA).status()).isEqualTo(DeliveryStatus.RELAYED);
        assertThat(inoltro()).hasSize(1);
        assertThat(transport.references(t.envelopeBlobId())).isZero();
    }
}
