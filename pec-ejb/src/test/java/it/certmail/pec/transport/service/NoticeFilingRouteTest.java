package it.certmail.pec.transport.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import jakarta.persistence.EntityManager;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import it.certmail.pec.blob.domain.BlobRef;
import it.certmail.pec.blob.domain.BlobReference;
import it.certmail.pec.blob.infra.BlobStore;
import it.certmail.pec.crypto.Certificates;
import it.certmail.pec.crypto.OpenSsl;
import it.certmail.pec.crypto.SignatureProfile;
import it.certmail.pec.log.domain.LogEvent;
import it.certmail.pec.log.model.LogEventType;
import it.certmail.pec.log.service.PecLog;
import it.certmail.pec.log.service.Registro;
import it.certmail.pec.mailbox.service.KnownLocalDomains;
import it.certmail.pec.mailbox.service.MailboxDeposits;
import it.certmail.pec.mailbox.service.MailboxService;
import it.certmail.pec.mailbox.domain.DeliveredMessage;
import it.certmail.pec.mailbox.domain.MessageSummary;
import it.certmail.pec.mailbox.service.MessageStoreService;
import it.certmail.pec.mime.Spool;
import it.certmail.pec.platform.service.PlatformSettings;
import it.certmail.pec.receipts.domain.Daticert;
import it.certmail.pec.receipts.domain.DaticertError;
import it.certmail.pec.receipts.domain.PecMessageKind;
import it.certmail.pec.receipts.domain.ReceiptForm;
import it.certmail.pec.receipts.domain.TimeoutStage;
import it.certmail.pec.receipts.domain.TransactionFacts;
import it.certmail.pec.receipts.infra.PecMessageComposer;
import it.certmail.pec.receipts.infra.PecTestProvider;
import it.certmail.pec.receipts.infra.PecVerdict;
import it.certmail.pec.testsupport.TestTransactionRegistry;
import it.certmail.pec.transport.model.Delivery;
import it.certmail.pec.transport.model.DeliveryStatus;
import it.certmail.pec.transport.model.WorkItem;

/**
 * The one route of every notice this provider issues ({@link NoticeFiling#send}), kind by kind: to a mailbox of
 * ours it is filed once in its INBOX with its registro entry and no work item; to anyone else it becomes one relay
 * work item and is filed nowhere. Each notice is also a correct PEC message (classifier: signature, DTD, fields)
 * that OpenSSL verifies.
 */
class NoticeFilingRouteTest {

    private static final Instant NOW = PecTestProvider.TIME;
    private static final String LOCAL = PecTestProvider.SENDER;
    private static final String REMOTE = PecTestProvider.RECIPIENT;
    private static final String LOCAL_2 = "secondo@" + PecTestProvider.DOMAIN;
    private static final PecMessageComposer COMPOSER = PecTestProvider.composer(SignatureProfile.DEFAULT);

    @TempDir
    Path tmp;

    private final List<String> deposits = new ArrayList<>();
    private final List<WorkItem> queued = new ArrayList<>();
    /** The delivery rows queued for the relay (ADR 0003). */
    private final List<Delivery> relayed = new ArrayList<>();
    private final List<LogEvent> logged = new ArrayList<>();
    private final List<PecMessageKind> tracked = new ArrayList<>();
    private final List<Long> released = new ArrayList<>();
    private final List<BlobReference> references = new ArrayList<>();
    private final List<String> receiving = new ArrayList<>(List.of(LOCAL, LOCAL_2));
    private NoticeFiling notices;
    /** What the tracking answers to a notice about our transmission. */
    private Optional<TrackingService.FollowUp> followUp = Optional.empty();

    @BeforeEach
    void setUp() {
        JdbcDataSource unused = new JdbcDataSource();
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        BlobStore blobs = new BlobStore(unused, clock) {
            @Override
            public BlobRef store(Spool bytes) {
                return new BlobRef(7, "sha", bytes.size());
            }

            @Override
            public void retain(long blobId) {
            }

            @Override
            public boolean release(long blobId) {
                released.add(blobId);
                return false;
            }
        };
        notices = new NoticeFiling();
        notices.settings = new PlatformSettings() {
            @Override
            public String providerName() {
                return PecTestProvider.NAME;
            }

            @Override
            public String domain() {
                return PecTestProvider.DOMAIN;
            }
        };
        notices.dispatcher = new Dispatcher() {
            @Override
            public BlobStore blobs() {
                return blobs;
            }

            @Override
            public boolean isLocalDomain(String domain) {
                return domain.equals(PecTestProvider.DOMAIN);
            }

            @Override
            public OurDomains ourDomains() {
                return new OurDomains(notices.settings, new KnownLocalDomains(), new MailboxService() {
                    @Override
                    public boolean isLocalDomain(String domain) {
                        return false;
                    }
                });
            }

            @Override
            void enqueue(WorkItem item) {
                queued.add(item);
            }
        };
        // the relay's rows are persisted through the entity manager; nothing else of it is used
        notices.dispatcher.em = (EntityManager) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {EntityManager.class}, (proxy, method, args) -> {
                    if (method.getName().equals("persist") && args[0] instanceof Delivery d) {
                        relayed.add(d);
                        return null;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        notices.dispatcher.synchronizations = new TestTransactionRegistry();
        notices.dispatcher.signal = new WorkSignal();
        notices.store = new MessageStoreService() {
            @Override
            public MailboxDeposits deposits() {
                return new MailboxDeposits(null, null, null) {
                    @Override
                    public Optional<DeliveredMessage> deliverIfReceiving(String mailbox, String folder, BlobRef blob,
                            MessageSummary summary, Collection<String> flags, Instant date,
                            BlobReference reference) {
                        if (!receiving.contains(mailbox)) {
                            return Optional.empty();
                        }
                        deposits.add(mailbox + " " + folder + " " + summary.pecKind());
                        references.add(reference);
                        return Optional.of(new DeliveredMessage(1, 1, 1, folder, blob.size()));
                    }
                };
            }
        };
        notices.tracking = new TrackingService() {
            @Override
            public Optional<FollowUp> noticeReceived(PecMessageKind kind, Daticert d, Instant now) {
                tracked.add(kind);
                Optional<FollowUp> answer = followUp;
                followUp = Optional.empty();
                return answer;
            }
        };
        notices.log = new PecLog() {
            @Override
            public Registro registro() {
                return new Registro(null, null, null) {
                    @Override
                    public void record(LogEvent e) {
                        logged.add(e);
                    }
                };
            }
        };
    }

    private interface Compose {
        MimeMessage compose(TransactionFacts tx, String to) throws MessagingException;
    }

    static Stream<Arguments> kinds() {
        return Stream.of(
                Arguments.of(PecMessageKind.ACCEPTANCE, (Compose) (tx, to) -> COMPOSER.acceptance(tx, NOW)),
                Arguments.of(PecMessageKind.NON_ACCEPTANCE,
                        (Compose) (tx, to) -> COMPOSER.nonAcceptance(tx, "destinatario non valido", NOW)),
                Arguments.of(PecMessageKind.NON_ACCEPTANCE_VIRUS,
                        (Compose) (tx, to) -> COMPOSER.nonAcceptanceVirus(tx, "Eicar-Test-Signature", NOW)),
                Arguments.of(PecMessageKind.TAKE_CHARGE,
                        (Compose) (tx, to) -> COMPOSER.takeCharge(tx, List.of(REMOTE), to, NOW)),
                Arguments.of(PecMessageKind.DELIVERY, (Compose) (tx, to) -> COMPOSER.delivery(tx, REMOTE,
                        ReceiptForm.COMPLETE, PecTestProvider.original(), NOW)),
                Arguments.of(PecMessageKind.DELIVERY_FAILURE, (Compose) (tx, to) -> COMPOSER.deliveryFailure(tx,
                        REMOTE, DaticertError.NO_RECIPIENT, "5.1.1 - casella del destinatario inesistente", NOW)),
                Arguments.of(PecMessageKind.DELIVERY_FAILURE_VIRUS, (Compose) (tx, to) ->
                        COMPOSER.deliveryFailureVirus(tx, REMOTE, "Eicar-Test-Signature", NOW)),
                Arguments.of(PecMessageKind.DELIVERY_TIMEOUT, (Compose) (tx, to) ->
                        COMPOSER.deliveryTimeout(tx, REMOTE, TimeoutStage.WARNING_12_HOURS, NOW)),
                Arguments.of(PecMessageKind.DELIVERY_TIMEOUT, (Compose) (tx, to) ->
                        COMPOSER.deliveryTimeout(tx, REMOTE, TimeoutStage.FINAL_24_HOURS, NOW)),
                Arguments.of(PecMessageKind.VIRUS_DETECTION, (Compose) (tx, to) ->
                        COMPOSER.virusDetection(tx, REMOTE, "Eicar-Test-Signature", to, NOW)));
    }

    @ParameterizedTest(name = "{0} to a mailbox of ours")
    @MethodSource("kinds")
    void aNoticeToOurMailboxShouldBeFiledOnceInItsInboxWithItsLogEntry(PecMessageKind kind, Compose compose)
            throws Exception {
        MimeMessage notice = compose.compose(PecTestProvider.facts(), LOCAL);
        checkSignedAndValid(notice, kind);

        notices.send(notice, kind, List.of(LOCAL), NOW);

        assertThat(deposits).containsExactly(LOCAL + " INBOX " + kind.name());
        assertThat(queued).isEmpty();
        assertThat(tracked).containsExactly(kind);
        assertThat(logged).singleElement().satisfies(e -> {
            assertThat(e.type()).isEqualTo(LogEventType.RICEZIONE_RICEVUTA);
            assertThat(e.recipients()).containsExactly(LOCAL);
            assertThat(e.detail()).isEqualTo(kind.name());
        });
        // the reference the store gave us went to the message filed: none taken, none released
        assertThat(references).containsExactly(BlobReference.CALLERS);
        assertThat(released).isEmpty();
    }

    @org.junit.jupiter.api.Test
    void ourReferenceShouldGoToTheFirstMessageFiledOnlyAndTheRelayTakesItsOwn() throws Exception {
        MimeMessage notice = COMPOSER.acceptance(PecTestProvider.facts(), NOW);

        notices.send(notice, PecMessageKind.ACCEPTANCE, List.of(LOCAL, LOCAL_2, REMOTE), NOW);

        assertThat(deposits).containsExactly(LOCAL + " INBOX ACCEPTANCE", LOCAL_2 + " INBOX ACCEPTANCE");
        assertThat(references).containsExactly(BlobReference.CALLERS, BlobReference.NEW);
        assertThat(queued).isEmpty();
        assertThat(relayed).singleElement().satisfies(d -> assertThat(d.getRecipient()).isEqualTo(REMOTE));
        assertThat(released).isEmpty();
    }

    @org.junit.jupiter.api.Test
    void ourReferenceShouldBeReleasedWhenNoMailboxTookTheNotice() throws Exception {
        receiving.clear();
        receiving.add(LOCAL_2);
        MimeMessage notice = COMPOSER.acceptance(PecTestProvider.facts(), NOW);

        // the first mailbox does not receive: the reference goes to the second
        notices.send(notice, PecMessageKind.ACCEPTANCE, List.of(LOCAL, LOCAL_2), NOW);
        assertThat(references).containsExactly(BlobReference.CALLERS);
        assertThat(released).isEmpty();

        receiving.clear();
        references.clear();
        notices.send(notice, PecMessageKind.ACCEPTANCE, List.of(LOCAL, LOCAL_2), NOW);
        assertThat(deposits).hasSize(1);
        assertThat(released).containsExactly(7L);
    }

    @ParameterizedTest(name = "{0} to another provider")
    @MethodSource("kinds")
    void aNoticeForAnotherProviderShouldBeOneRelayRow(PecMessageKind kind, Compose compose) throws Exception {
        MimeMessage notice = compose.compose(PecTestProvider.facts(), REMOTE);

        notices.send(notice, kind, List.of(REMOTE), NOW);

        assertThat(queued).isEmpty();
        assertThat(relayed).singleElement().satisfies(d -> {
            assertThat(d.getStatus()).isEqualTo(DeliveryStatus.QUEUED);
            assertThat(d.getTransmission()).as("not a transmission of ours").isNull();
            assertThat(d.getDomain()).isEqualTo("pec.altro.test");
            assertThat(d.getRecipient()).isEqualTo(REMOTE);
            assertThat(d.getMailFrom()).isEqualTo("posta-certificata@" + PecTestProvider.DOMAIN);
            assertThat(d.getBlobId()).isEqualTo(7L);
            assertThat(d.getNextAttemptAt()).isEqualTo(NOW);
            assertThat(d.getExpireAt()).isEqualTo(NOW.plus(java.time.Duration.ofHours(24)));
        });
        assertThat(deposits).isEmpty();
        assertThat(tracked).isEmpty();
        assertThat(logged).isEmpty();
        assertThat(released).containsExactly(7L);
    }

    @org.junit.jupiter.api.Test
    void theVirusFailureAVirusDetectionCausesShouldTakeTheSameRoute() throws Exception {
        TransactionFacts tx = PecTestProvider.facts();
        MimeMessage detection = COMPOSER.virusDetection(tx, REMOTE, "Eicar-Test-Signature", LOCAL, NOW);
        MimeMessage failure = COMPOSER.deliveryFailureVirus(tx, REMOTE, "Eicar-Test-Signature", NOW);
        followUp = Optional.of(new TrackingService.FollowUp(failure, PecMessageKind.DELIVERY_FAILURE_VIRUS,
                List.of(LOCAL)));

        // the rilevazione virus reaches our service mailbox (here LOCAL): the avviso goes to our sender in turn
        notices.send(detection, PecMessageKind.VIRUS_DETECTION, List.of(LOCAL), NOW);

        assertThat(deposits).containsExactly(LOCAL + " INBOX VIRUS_DETECTION", LOCAL + " INBOX DELIVERY_FAILURE_VIRUS");
        assertThat(tracked).containsExactly(PecMessageKind.VIRUS_DETECTION, PecMessageKind.DELIVERY_FAILURE_VIRUS);
        assertThat(queued).isEmpty();
        assertThat(relayed).isEmpty();
    }

    /** The classifier checks the signature, the daticert against the DTD and its fields; OpenSSL the signature. */
    private void checkSignedAndValid(MimeMessage notice, PecMessageKind kind) throws Exception {
        byte[] raw = PecTestProvider.bytes(notice);
        PecVerdict verdict = PecTestProvider.classifier().classify(raw);
        assertThat(verdict.problems()).isEmpty();
        assertThat(verdict.kind()).contains(kind);
        if (OpenSsl.binary().isPresent()) {
            Path ca = tmp.resolve("ca.pem");
            Certificates.writePem(ca, List.of(PecTestProvider.material().caCertificate()));
            OpenSsl.Result r = OpenSsl.verifySmime(raw, ca, NOW);
            assertThat(r.ok()).as("openssl: %s", r.stderr()).isTrue();
        }
    }
}
