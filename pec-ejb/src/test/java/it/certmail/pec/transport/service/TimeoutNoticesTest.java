package it.certmail.pec.transport.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.mail.internet.MimeMessage;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.Persistence;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import it.certmail.pec.blob.domain.BlobRef;
import it.certmail.pec.crypto.Certificates;
import it.certmail.pec.crypto.OpenSsl;
import it.certmail.pec.crypto.SignatureProfile;
import it.certmail.pec.log.domain.LogEvent;
import it.certmail.pec.log.model.LogEventType;
import it.certmail.pec.log.service.PecLog;
import it.certmail.pec.platform.service.PlatformSettings;
import it.certmail.pec.receipts.domain.PecMessageKind;
import it.certmail.pec.receipts.infra.ComposedMessage;
import it.certmail.pec.receipts.infra.PecMessageComposer;
import it.certmail.pec.receipts.infra.PecTestProvider;
import it.certmail.pec.receipts.infra.PecVerdict;
import it.certmail.pec.transport.model.Delivery;
import it.certmail.pec.transport.model.Transmission;

/**
 * The timeouts job's step on a real schema (H2) without the container: a bad tracking row among due ones is held
 * with its error and the others get their 12 h notice, in the same transaction.
 */
class TimeoutNoticesTest {

    private static final Instant DISPATCHED = PecTestProvider.TIME;
    private static final Instant NOW = DISPATCHED.plus(Duration.ofHours(13));

    @TempDir
    Path tmp;

    private EntityManagerFactory emf;
    private EntityManager em;
    private TimeoutNotices step;
    /** What the notice filing was asked to send, committed with the step's transaction only. */
    private final List<MimeMessage> sent = new ArrayList<>();
    private final List<MimeMessage> sending = new ArrayList<>();
    private final List<LogEvent> logged = new ArrayList<>();
    private final PecMessageComposer composer = PecTestProvider.composer(SignatureProfile.DEFAULT);

    @BeforeEach
    void setUp() {
        String url = "jdbc:h2:mem:timeouts-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        Flyway.configure().dataSource(url, "sa", "").load().migrate();
        emf = Persistence.createEntityManagerFactory("pec-test", Map.of("jakarta.persistence.jdbc.driver",
                "org.h2.Driver", "jakarta.persistence.jdbc.url", url, "jakarta.persistence.jdbc.user", "sa",
                "jakarta.persistence.jdbc.password", ""));
        em = emf.createEntityManager();
        step = new TimeoutNotices();
        step.em = em;
        step.clock = Clock.fixed(NOW, ZoneOffset.UTC);
        step.notices = new NoticeFiling() {
            @Override
            public BlobRef send(MimeMessage notice, PecMessageKind kind, List<String> recipients, Instant now) {
                assertThat(kind).isEqualTo(PecMessageKind.DELIVERY_TIMEOUT);
                assertThat(recipients).containsExactly(PecTestProvider.SENDER);
                sending.add(notice);
                return null;
            }
        };
        step.composers = new PecComposers() {
            @Override
            public PecMessageComposer composer() {
                return composer;
            }
        };
        step.log = new PecLog() {
            @Override
            public void record(LogEvent e) {
                logged.add(e);
            }
        };
        step.settings = new PlatformSettings() {
            @Override
            public String providerName() {
                return PecTestProvider.NAME;
            }
        };
    }

    @AfterEach
    void close() {
        em.close();
        emf.close();
    }

    @Test
    void aPoisonedRowShouldBeHeldWithItsErrorAndTheOthersSent() throws Exception {
        long good1 = tracked("1", true);
        long poisoned = tracked("2", false);
        long good3 = tracked("3", true);

        int notices = inTransaction(() -> step.sendTimeoutNotices(List.of(good1, poisoned, good3)));

        assertThat(notices).isEqualTo(2);
        assertThat(sent).hasSize(2);
        assertThat(logged).extracting(LogEvent::type).containsExactly(LogEventType.MANCATA_CONSEGNA_12H,
                LogEventType.MANCATA_CONSEGNA_12H);
        em.clear();
        Delivery held = em.find(Delivery.class, poisoned);
        assertThat(held.getNoticeError()).contains("unreadable daticert");
        assertThat(held.getNoticeFailures()).isEqualTo(1);
        assertThat(held.isWarningSent()).isFalse();
        assertThat(held.getNextCheckAt()).isEqualTo(NOW.plus(TimeoutNotices.FIRST_HELD_DELAY));
        for (long id : List.of(good1, good3)) {
            Delivery r = em.find(Delivery.class, id);
            assertThat(r.isWarningSent()).isTrue();
            assertThat(r.getNoticeError()).isNull();
            assertThat(r.getNextCheckAt()).isEqualTo(DISPATCHED.plus(Duration.ofHours(24)));
        }
        // held: not due again until its wait is over, and counted for the operators
        assertThat(step.dueTimeoutChecks(10)).isEmpty();
        assertThat(step.heldTimeoutNotices()).isEqualTo(1);
    }

    @Test
    void aHeldRowShouldWaitLongerAfterEachFailure() throws Exception {
        long poisoned = tracked("2", false);
        inTransaction(() -> step.sendTimeoutNotices(List.of(poisoned)));
        inTransaction(() -> {
            step.holdTimeoutCheck(poisoned, "again");
            return 0;
        });
        em.clear();
        Delivery held = em.find(Delivery.class, poisoned);
        assertThat(held.getNoticeFailures()).isEqualTo(2);
        assertThat(held.getNoticeError()).isEqualTo("again");
        assertThat(held.getNextCheckAt()).isEqualTo(NOW.plus(Duration.ofMinutes(10)));
        assertThat(TimeoutNotices.heldDelay(1)).isEqualTo(Duration.ofMinutes(5));
        assertThat(TimeoutNotices.heldDelay(4)).isEqualTo(Duration.ofMinutes(40));
        assertThat(TimeoutNotices.heldDelay(5)).isEqualTo(Duration.ofHours(1));
        assertThat(TimeoutNotices.heldDelay(500)).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void anOperatorShouldSeeTheHeldNoticeAndHaveItTriedAgainAtOnce() throws Exception {
        long good = tracked("1", true);
        long poisoned = tracked("2", false);
        inTransaction(() -> step.sendTimeoutNotices(List.of(good, poisoned)));
        em.clear();

        assertThat(step.heldTimeoutNoticeList(10)).singleElement().satisfies(r -> {
            assertThat(r.getId()).isEqualTo(poisoned);
            assertThat(r.getNoticeError()).contains("unreadable daticert");
            assertThat(r.getTransmission().getPecMsgid()).isNotBlank();
        });
        assertThat(step.dueTimeoutChecks(10)).isEmpty();

        assertThat(inTransaction(() -> step.retryHeldTimeoutNotice(poisoned) ? 1 : 0)).isEqualTo(1);
        assertThat(step.dueTimeoutChecks(10)).containsExactly(poisoned);
        // a recipient whose notice is not held has nothing to retry
        assertThat(inTransaction(() -> step.retryHeldTimeoutNotice(good) ? 1 : 0)).isZero();
        em.clear();
        assertThat(em.find(Delivery.class, good).getNextCheckAt())
                .isEqualTo(DISPATCHED.plus(Duration.ofHours(24)));
    }

    @Test
    void aHeldNoticeWhoseRecipientNoLongerWaitsShouldNotBeCountedAsHeld() throws Exception {
        long poisoned = tracked("2", false);
        inTransaction(() -> step.sendTimeoutNotices(List.of(poisoned)));
        inTransaction(() -> {
            em.find(Delivery.class, poisoned).failed(NOW);
            return 0;
        });
        assertThat(step.heldTimeoutNotices()).isZero();
        assertThat(step.heldTimeoutNoticeList(10)).isEmpty();
    }

    @Test
    void theNoticeSentShouldBeACorrectSignedPecNotice() throws Exception {
        long good = tracked("1", true);
        inTransaction(() -> step.sendTimeoutNotices(List.of(good)));
        byte[] raw = PecTestProvider.bytes(sent.get(0));

        // the classifier checks the signature, the daticert against the DTD and its fields
        PecVerdict verdict = PecTestProvider.classifier().classify(raw);
        assertThat(verdict.problems()).isEmpty();
        assertThat(verdict.kind()).contains(PecMessageKind.DELIVERY_TIMEOUT);
        OpenSsl.assumeAvailable();
        Path ca = tmp.resolve("ca.pem");
        Certificates.writePem(ca, List.of(PecTestProvider.material().caCertificate()));
        OpenSsl.Result r = OpenSsl.verifySmime(raw, ca, NOW);
        assertThat(r.ok()).as("openssl: %s", r.stderr()).isTrue();
    }

    /** One transmission of ours to one certified recipient, dispatched at {@link #DISPATCHED}, due at 12 h. */
    private long tracked(String n, boolean readable) throws Exception {
        String msgid = "opec1.test." + n + "@" + PecTestProvider.DOMAIN;
        byte[] daticert;
        try (ComposedMessage envelope = composer.transportEnvelope(PecTestProvider.original(),
                PecTestProvider.original().facts(PecTestProvider.SENDER, PecTestProvider.recipients(), msgid),
                DISPATCHED)) {
            daticert = readable ? envelope.daticertXml().orElseThrow() : "<postacert tipo=".getBytes();
        }
        return inTransaction(() -> {
            Transmission t = new Transmission(msgid, null, PecTestProvider.SENDER, "s" + n, DISPATCHED, 1, daticert);
            em.persist(t);
            Delivery r = Delivery.local(t, PecTestProvider.RECIPIENT, true, DISPATCHED,
                    DISPATCHED.plus(Duration.ofHours(12)));
            em.persist(r);
            em.flush();
            return r.getId();
        });
    }

    private interface Work<T> {
        T run() throws Exception;
    }

    /** As the EJB shell runs a step: committed whole, or rolled back with nothing sent. */
    private <T> T inTransaction(Work<T> work) throws Exception {
        em.getTransaction().begin();
        try {
            T result = work.run();
            em.getTransaction().commit();
            sent.addAll(sending);
            return result;
        } finally {
            sending.clear();
            if (em.getTransaction().isActive()) {
                em.getTransaction().rollback();
            }
        }
    }
}
