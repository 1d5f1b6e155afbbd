package it.certmail.pec.transport.core;

import static it.certmail.pec.transport.core.RelayHarnessTest.ALTRO;
import static it.certmail.pec.transport.core.RelayHarnessTest.ANNA;
import static it.certmail.pec.transport.core.RelayHarnessTest.BEA;
import static it.certmail.pec.transport.core.RelayHarnessTest.LIMITS;
import static it.certmail.pec.transport.core.RelayHarnessTest.MARIO;
import static it.certmail.pec.transport.core.RelayHarnessTest.OURS;
import static it.certmail.pec.transport.core.RelayHarnessTest.SERVICE;
import static it.certmail.pec.transport.core.RelayHarnessTest.T0;
import static it.certmail.pec.transport.core.RelayHarnessTest.checkOurs;
import static it.certmail.pec.transport.core.RelayHarnessTest.message;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import it.certmail.pec.blob.domain.BlobRef;
import it.certmail.pec.crypto.SignatureProfile;
import it.certmail.pec.log.domain.LogEvent;
import it.certmail.pec.log.model.LogEventType;
import it.certmail.pec.mailbox.domain.MessageSummary;
import it.certmail.pec.receipts.domain.Daticert;
import it.certmail.pec.receipts.domain.DaticertReader;
import it.certmail.pec.receipts.domain.DaticertReading;
import it.certmail.pec.receipts.domain.PecMessageIds;
import it.certmail.pec.receipts.domain.PecMessageKind;
import it.certmail.pec.receipts.domain.TimeoutStage;
import it.certmail.pec.receipts.infra.ComposedMessage;
import it.certmail.pec.receipts.infra.PecMessageComposer;
import it.certmail.pec.receipts.infra.PecParts;
import it.certmail.pec.receipts.infra.PecTestProvider;
import it.certmail.pec.transport.domain.DeliveryDeadlines;
import it.certmail.pec.transport.domain.DeliveryOutcome;
import it.certmail.pec.transport.domain.RelayResult;
import it.certmail.pec.transport.domain.RetrySchedule;
import it.certmail.pec.transport.domain.RouteResolver;
import it.certmail.pec.transport.domain.MxLookup;
import it.certmail.pec.transport.domain.StaticRoutes;
import it.certmail.pec.transport.model.DeliveryStatus;
import it.certmail.pec.transport.queue.InMemoryWorkQueue;
import it.certmail.pec.transport.queue.WorkRetries;

/**
 * The step harness on the REAL {@link DeliveryTimeouts}: our REAL {@link AccessPoint} accepts Mario's message for
 * another provider's recipients and opens their tracking; the timeouts job is run by hand as
 * {@code OneByOneOnFailure} runs it (a batch in one transaction; when it throws, redone one recipient per
 * transaction, the one that fails held in a transaction of its own), time stepped by hand. With the REAL
 * {@link Relay} over a peer that is down or refuses, the sender gets the 12 h and the 24 h notice, each exactly
 * once. Every notice is checked by the classifier (signature, DTD, fields) and by {@code openssl smime -verify}.
 */
class DeliveryTimeoutsHarnessTest {

    private static final String CARLA = "carla.blu@" + ALTRO;
    private static final Instant AT_12H = T0.plus(Duration.ofHours(12));
    private static final Instant AT_24H = T0.plus(Duration.ofHours(24));

    @TempDir
    Path tmp;

    private final InMemoryWorkQueue queue = new InMemoryWorkQueue(WorkRetries.standard());
    private final InMemoryTransport transport = new InMemoryTransport(PecTestProvider.NAME, SERVICE, Set.of(OURS),
            queue);
    private final InMemoryDeliveries deliveries = transport.deliveries();
    private final InMemoryTracking tracking = new InMemoryTracking();
    private final PecMessageComposer ours = new PecMessageComposer(PecTestProvider.signer(SignatureProfile.DEFAULT),
            PecTestProvider.NAME, OURS, new PecMessageIds("test", OURS, new Random(42)));
    private final PecMessageIds ids = new PecMessageIds("test", OURS, new Random(43));
    /** The notice route fails (the database, say) for the notice about this recipient, when set. */
    private Function<String, MessagingException> routeFailure = rcpt -> null;
    private AccessPoint access;
    private DeliveryTimeouts timeouts;

    @BeforeEach
    void setUp() {
        access = new AccessPoint(transport.blobs(), transport.senders(), transport.domains(), transport.dispatch(),
                transport.notices(), transport.transmissions(), transport.log(), transport.antivirus(), () -> ours,
                () -> ids, () -> LIMITS, transport.identity());
        NoticeRoute route = transport.notices();
        NoticeRoute failing = new NoticeRoute() {
            @Override
            public void send(MimeMessage notice, PecMessageKind kind, List<String> recipients, Instant now)
                    throws MessagingException {
                String about = ((ComposedMessage) notice).daticert().map(Daticert::delivery).orElse(null);
                MessagingException failure = routeFailure.apply(about);
                if (failure != null) {
                    throw failure;
                }
                route.send(notice, kind, recipients, now);
            }

            @Override
            public void file(List<String> recipients, BlobRef blob, MessageSummary summary, PecMessageKind kind,
                    Daticert d, String provider, Instant now) throws MessagingException {
                route.file(recipients, blob, summary, kind, d, provider, now);
            }

            @Override
            public boolean deposit(String rcpt, BlobRef blob, MessageSummary summary, Instant now) {
                return route.deposit(rcpt, blob, summary, now);
            }
        };
        timeouts = new DeliveryTimeouts(tracking, failing, transport.log(), () -> ours, transport.identity(),
                DeliveryDeadlines.RFC_6109);
        transport.addMailbox(MARIO, true, false);
        transport.addMailbox(SERVICE, true, false);
        transport.listInIndex(ALTRO);
    }

    // ---- the steps

    /** Mario's message accepted by our access point, its tracking opened as the access point recorded it. */
    private TransmissionRecords.NewTransmission submit(List<String> rcpts, String body) throws Exception {
        TransmissionRecords.NewTransmission t = RelayHarnessTest.submit(access, transport, rcpts,
                message(rcpts, body));
        tracking.open(t);
        return t;
    }

    /** One run of the timeouts job at {@code now}, as {@code OneByOneOnFailure} runs it; returns the notices sent. */
    private int timeoutsRun(Instant now) {
        List<Long> due = inTransaction(now, () -> timeouts.due(TimeoutsBatch.SIZE, now));
        try {
            return inTransaction(now, () -> timeouts.send(due, now));
        } catch (RuntimeException batchFailed) {
            int sent = 0;
            for (Long id : due) {
                try {
                    sent += inTransaction(now, () -> timeouts.send(List.of(id), now));
                } catch (RuntimeException e) {
                    inTransaction(now, () -> {
                        timeouts.hold(id, e.getMessage(), now);
                        return null;
                    });
                }
            }
            return sent;
        }
    }

    /** The batch size of the job ({@code TimeoutNotices.BATCH}). */
    private static final class TimeoutsBatch {
        static final int SIZE = 500;
    }

    private <T> T inTransaction(Instant now, java.util.function.Supplier<T> step) {
        transport.begin();
        tracking.begin();
        try {
            T result = step.get();
            tracking.commit();
            transport.commit(now);
            return result;
        } catch (RuntimeException e) {
            tracking.rollback();
            transport.rollback();
            throw e;
        }
    }

    private List<InMemoryTransport.Deposit> noticesToMario() {
        return transport.inbox(MARIO).stream().filter(d -> d.summary().pecKind().equals("DELIVERY_TIMEOUT")).toList();
    }

    private List<LogEvent> logOf(LogEventType type) {
        return transport.logged(type);
    }

    /** A timeout notice as an outside client reads it: ours, DTD-valid, to Mario, about that recipient and stage. */
    private void checkNotice(InMemoryTransport.Deposit d, String about, TimeoutStage stage) throws Exception {
        byte[] raw = transport.bytes(d.blobId());
        checkOurs(tmp, raw, PecMessageKind.DELIVERY_TIMEOUT, d.at());
        MimeMessage m = new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(raw));
        assertThat(m.getSubject()).startsWith("AVVISO DI MANCATA CONSEGNA PER SUP. TEMPO MASSIMO: ");
        assertThat(m.getHeader("To", null)).contains(MARIO);
        Daticert daticert = PecParts.daticert(m).map(DaticertReader::read).flatMap(DaticertReading::daticert)
                .orElseThrow();
        assertThat(daticert.delivery()).isEqualTo(about);
        assertThat(daticert.extendedError()).isEqualTo(stage == TimeoutStage.WARNING_12_HOURS
                ? "mancata consegna nelle prime 12 ore" : "mancata consegna entro 24 ore");
    }

    // ---- the notices

    @Test
    void theTwelveHourWarningShouldGoOutOnceAtTwelveHours() throws Exception {
        TransmissionRecords.NewTransmission t = submit(List.of(ANNA), "Buongiorno");

        assertThat(timeoutsRun(AT_12H.minusSeconds(1))).isZero();
        assertThat(timeoutsRun(AT_12H)).isEqualTo(1);
        assertThat(timeoutsRun(AT_12H.plusSeconds(60))).isZero();
        assertThat(timeoutsRun(AT_12H.plus(Duration.ofHours(1)))).isZero();

        assertThat(noticesToMario()).singleElement().satisfies(d -> checkNotice(d, ANNA, TimeoutStage.WARNING_12_HOURS));
        assertThat(logOf(LogEventType.MANCATA_CONSEGNA_12H)).singleElement().satisfies(e -> {
            assertThat(e.msgid()).isEqualTo(t.pecMsgid());
            assertThat(e.recipients()).containsExactly(ANNA);
            assertThat(e.sendingProvider()).isEqualTo(PecTestProvider.NAME);
        });
        InMemoryTracking.Row row = tracking.row(ANNA);
        assertThat(row.warningSent()).isTrue();
        assertThat(row.finalSent()).isFalse();
        assertThat(row.nextCheckAt()).isEqualTo(AT_24H);
    }

    @Test
    void theTwentyFourHourFinalNoticeShouldGoOutOnceAndEndTheTracking() throws Exception {
        submit(List.of(ANNA), "Buongiorno");

        assertThat(timeoutsRun(AT_12H)).isEqualTo(1);
        assertThat(timeoutsRun(AT_24H.minusSeconds(1))).isZero();
        assertThat(timeoutsRun(AT_24H)).isEqualTo(1);
        for (Duration later : List.of(Duration.ofMinutes(1), Duration.ofHours(1), Duration.ofDays(2))) {
            assertThat(timeoutsRun(AT_24H.plus(later))).isZero();
        }

        assertThat(noticesToMario()).hasSize(2);
        checkNotice(noticesToMario().get(0), ANNA, TimeoutStage.WARNING_12_HOURS);
        checkNotice(noticesToMario().get(1), ANNA, TimeoutStage.FINAL_24_HOURS);
        assertThat(logOf(LogEventType.MANCATA_CONSEGNA_12H)).hasSize(1);
        assertThat(logOf(LogEventType.MANCATA_CONSEGNA_24H)).singleElement()
                .satisfies(e -> assertThat(e.recipients()).containsExactly(ANNA));
        assertThat(tracking.row(ANNA).finalSent()).isTrue();
        assertThat(tracking.row(ANNA).nextCheckAt()).isNull();
    }

    @Test
    void ordinaryMailShouldNeverTimeOut() throws Exception {
        String luca = PecTestProvider.CC_RECIPIENT;
        submit(List.of(luca), "Salve");

        assertThat(timeoutsRun(AT_12H)).isZero();
        assertThat(timeoutsRun(AT_24H.plus(Duration.ofHours(1)))).isZero();

        assertThat(noticesToMario()).isEmpty();
        assertThat(tracking.row(luca).certified()).isFalse();
    }

    @Test
    void aRowWhoseNoticeCannotBeMadeShouldBeHeldWhileTheOthersGoOn() throws Exception {
        submit(List.of(ANNA, BEA, CARLA), "A tutte");
        byte[] daticert = tracking.row(BEA).daticert();
        tracking.spoil(BEA, "<postacert tipo=".getBytes(StandardCharsets.UTF_8));

        assertThat(timeoutsRun(AT_12H)).isEqualTo(2);

        assertThat(noticesToMario()).hasSize(2);
        checkNotice(noticesToMario().get(0), ANNA, TimeoutStage.WARNING_12_HOURS);
        checkNotice(noticesToMario().get(1), CARLA, TimeoutStage.WARNING_12_HOURS);
        InMemoryTracking.Row held = tracking.row(BEA);
        assertThat(held.noticeError()).startsWith("cannot compose the WARNING_12_HOURS notice for " + BEA);
        assertThat(held.noticeFailures()).isEqualTo(1);
        assertThat(held.warningSent()).isFalse();
        assertThat(held.nextCheckAt()).isEqualTo(AT_12H.plus(DeliveryTimeouts.FIRST_HELD_DELAY));
        assertThat(tracking.row(ANNA).nextCheckAt()).isEqualTo(AT_24H);

        // still bad: held again, waiting twice as long; the others are not touched
        Instant retry = held.nextCheckAt();
        assertThat(timeoutsRun(retry)).isZero();
        assertThat(tracking.row(BEA).noticeFailures()).isEqualTo(2);
        assertThat(tracking.row(BEA).nextCheckAt()).isEqualTo(retry.plus(DeliveryTimeouts.heldDelay(2)));

        // mended: its warning goes out, once, and it is no longer held
        tracking.spoil(BEA, daticert);
        Instant mended = tracking.row(BEA).nextCheckAt();
        assertThat(timeoutsRun(mended)).isEqualTo(1);
        assertThat(timeoutsRun(mended.plusSeconds(60))).isZero();
        assertThat(noticesToMario()).hasSize(3);
        checkNotice(noticesToMario().get(2), BEA, TimeoutStage.WARNING_12_HOURS);
        assertThat(tracking.row(BEA).noticeError()).isNull();
        assertThat(tracking.row(BEA).noticeFailures()).isZero();
        assertThat(tracking.row(BEA).nextCheckAt()).isEqualTo(AT_24H);
        assertThat(logOf(LogEventType.MANCATA_CONSEGNA_12H)).extracting(e -> e.recipients().get(0))
                .containsExactly(ANNA, CARLA, BEA);
    }

    @Test
    void aFailureThatSpoilsTheBatchShouldBeRedoneOneByOneAndHoldOnlyTheFailingRow() throws Exception {
        submit(List.of(ANNA, BEA, CARLA), "A tutte");
        routeFailure = rcpt -> BEA.equals(rcpt) ? new MessagingException("the database went away") : null;

        assertThat(timeoutsRun(AT_12H)).isEqualTo(2);

        // Anna's notice of the failed batch was rolled back with it: each of the others has exactly one
        assertThat(noticesToMario()).hasSize(2);
        checkNotice(noticesToMario().get(0), ANNA, TimeoutStage.WARNING_12_HOURS);
        checkNotice(noticesToMario().get(1), CARLA, TimeoutStage.WARNING_12_HOURS);
        assertThat(logOf(LogEventType.MANCATA_CONSEGNA_12H)).hasSize(2);
        InMemoryTracking.Row held = tracking.row(BEA);
        assertThat(held.noticeError()).isEqualTo(
                "cannot send the WARNING_12_HOURS notice for " + BEA + ": the database went away");
        assertThat(held.noticeFailures()).isEqualTo(1);
        assertThat(held.nextCheckAt()).isEqualTo(AT_12H.plus(DeliveryTimeouts.FIRST_HELD_DELAY));

        routeFailure = rcpt -> null;
        assertThat(timeoutsRun(held.nextCheckAt())).isEqualTo(1);
        assertThat(noticesToMario()).hasSize(3);
        assertThat(tracking.row(BEA).noticeError()).isNull();
    }

    // ---- with the relay

    /** The relay over a peer that answers every recipient alike; its steps as in {@link RelayHarnessTest}. */
    private Relay relayTo(Function<String, DeliveryOutcome> answer, List<String> offered) {
        return new Relay(deliveries, transport.blobs(), new RouteResolver(StaticRoutes.parse(ALTRO + "=127.0.0.1:20025"),
                d -> new MxLookup.NoSuchDomain()), transport.domains(), (targets, pec, from, rcpts, m) -> {
                    offered.addAll(rcpts);
                    Map<String, DeliveryOutcome> out = new LinkedHashMap<>();
                    rcpts.forEach(r -> out.put(r, answer.apply(r)));
                    return new RelayResult(targets.get(0), out);
                }, transport.log(), transport.identity(), RetrySchedule.standard());
    }

    private void relayStep(Relay relay, Instant now) throws Exception {
        for (Deliveries.Batch batch : relay.claim("node-a/relay-0", 10, 1, now)) {
            transport.begin();
            Relay.Attempt attempt;
            try {
                attempt = relay.attempt(batch, now);
            } finally {
                transport.rollback();
            }
            transport.begin();
            try {
                relay.settle(attempt, "node-a/relay-0", now);
                transport.commit(now);
            } catch (RuntimeException e) {
                transport.rollback();
                throw e;
            }
        }
    }

    /**
     * Every relay retry and every timeouts run, in time order, from T0 to 30 hours: at each moment the relay's work
     * falls due, and at the deadlines and a minute after each (the job runs every minute).
     */
    private void runFor30Hours(Relay relay) throws Exception {
        List<Instant> checkpoints = List.of(AT_12H, AT_12H.plusSeconds(60), AT_24H, AT_24H.plusSeconds(60),
                T0.plus(Duration.ofHours(30)));
        Instant now = T0;
        while (true) {
            relayStep(relay, now);
            timeoutsRun(now);
            Instant at = now;
            Optional<Instant> relayDue = Optional.of(deliveries.row(ANNA))
                    .filter(r -> r.status() == DeliveryStatus.QUEUED)
                    .map(InMemoryDeliveries.Row::nextAttemptAt).filter(t -> t.isAfter(at));
            Optional<Instant> next = Stream.concat(relayDue.stream(), checkpoints.stream().filter(t -> t.isAfter(at)))
                    .min(Comparator.naturalOrder());
            if (next.isEmpty()) {
                return;
            }
            now = next.get();
        }
    }

    @Test
    void aPeerDownForADayShouldLeaveTheSenderExactlyOneWarningAndOneFinalNotice() throws Exception {
        submit(List.of(ANNA), "Buongiorno");
        List<String> offered = new ArrayList<>();
        Relay relay = relayTo(r -> new DeliveryOutcome.TemporaryFailure("421 4.4.2 connection timed out"), offered);

        runFor30Hours(relay);

        assertThat(deliveries.row(ANNA).status()).isEqualTo(DeliveryStatus.EXPIRED);
        assertThat(deliveries.row(ANNA).lastError()).startsWith("gave up after 24 hours");
        assertThat(offered).isNotEmpty();
        assertThat(noticesToMario()).hasSize(2);
        checkNotice(noticesToMario().get(0), ANNA, TimeoutStage.WARNING_12_HOURS);
        checkNotice(noticesToMario().get(1), ANNA, TimeoutStage.FINAL_24_HOURS);
        assertThat(noticesToMario().get(0).at()).isEqualTo(AT_12H);
        assertThat(noticesToMario().get(1).at()).isEqualTo(AT_24H);
        assertThat(logOf(LogEventType.MANCATA_CONSEGNA_24H)).hasSize(1);
        // nothing else reached Mario: the relay issues no notice of its own
        assertThat(transport.kinds(MARIO)).containsExactly("ACCEPTANCE", "DELIVERY_TIMEOUT", "DELIVERY_TIMEOUT");
    }

    @Test
    void aPermanentRefusalShouldBeOfferedOnceAndTheSenderToldByTheTimeoutNoticesOnce() throws Exception {
        submit(List.of(ANNA), "Buongiorno");
        List<String> offered = new ArrayList<>();
        Relay relay = relayTo(r -> new DeliveryOutcome.PermanentFailure("550 5.1.1 no such user"), offered);

        runFor30Hours(relay);

        assertThat(offered).containsExactly(ANNA);
        assertThat(deliveries.row(ANNA).status()).isEqualTo(DeliveryStatus.REFUSED);
        assertThat(noticesToMario()).hasSize(2);
        checkNotice(noticesToMario().get(0), ANNA, TimeoutStage.WARNING_12_HOURS);
        checkNotice(noticesToMario().get(1), ANNA, TimeoutStage.FINAL_24_HOURS);
        assertThat(transport.kinds(MARIO)).containsExactly("ACCEPTANCE", "DELIVERY_TIMEOUT", "DELIVERY_TIMEOUT");
    }
}
