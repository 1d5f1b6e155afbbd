package it.certmail.pec.transport.service;

import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

import javax.sql.DataSource;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.Persistence;
import jakarta.transaction.Status;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;

import it.certmail.pec.index.domain.ProviderIndex;
import it.certmail.pec.index.infra.JpaProviderIndex;
import it.certmail.pec.index.service.ProviderIndexService;
import it.certmail.pec.log.domain.LogEvent;
import it.certmail.pec.log.model.LogEntry;
import it.certmail.pec.log.service.PecLog;
import it.certmail.pec.log.service.PecLogForTests;
import it.certmail.pec.mailbox.domain.MailboxException;
import it.certmail.pec.mailbox.domain.MailboxNotFoundException;
import it.certmail.pec.mailbox.infra.JpaMailboxDirectory;
import it.certmail.pec.mailbox.infra.NewMailbox;
import it.certmail.pec.mailbox.model.MailboxStatus;
import it.certmail.pec.mailbox.service.KnownLocalDomains;
import it.certmail.pec.mailbox.service.MailboxService;
import it.certmail.pec.mailbox.service.MessageEntry;
import it.certmail.pec.mailbox.service.MessageStoreService;
import it.certmail.pec.mailbox.service.RawMessage;
import it.certmail.pec.mailbox.service.StoreServicesForTests;
import it.certmail.pec.platform.service.PlatformSettings;
import it.certmail.pec.testsupport.TestTransactionRegistry;
import it.certmail.pec.testsupport.TestPostgres;
import it.certmail.pec.transport.core.TransmissionRecords;
import it.certmail.pec.transport.core.contract.PortsUnderTest;
import it.certmail.pec.transport.core.contract.TransportPortsContract;
import it.certmail.pec.transport.infra.JpaWorkQueue;
import it.certmail.pec.transport.model.Delivery;
import it.certmail.pec.transport.model.Transmission;
import it.certmail.pec.transport.queue.WorkQueue;
import it.certmail.pec.transport.queue.WorkRetries;

/**
 * The JPA/JDBC adapters of the transport core's ports ({@link AccessPointPorts}, {@link ReceptionPorts}: the
 * services the container injects, built by hand over one entity manager per step) held to the same contracts as the
 * in-memory ones, on H2 and, in {@link OnPostgres}, on PostgreSQL. Each step is one resource-local transaction whose
 * connection the blob store shares, as {@code jdbc/pec} shares the JTA transaction's in the container: the blobs,
 * the references and the rows commit or roll back together.
 */
class JpaPortsTest implements TransportPortsContract {

    private JpaPorts ports;

    @Override
    public PortsUnderTest ports() {
        // a generous lock timeout: a step waiting for another's row lock must wait, not fail
        ports = new JpaPorts("jdbc:h2:mem:ports-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=30000",
                "sa", "", null);
        return ports;
    }

    @AfterEach
    void close() {
        if (ports != null) {
            ports.close();
        }
    }

    /** The same contracts on PostgreSQL (the embedded one unless {@code -Dpec.test.pg.url} names another). */
    @Nested
    class OnPostgres implements TransportPortsContract {

        @Override
        public PortsUnderTest ports() {
            String schema = TestPostgres.createSchema("ports_");
            ports = new JpaPorts(TestPostgres.urlIn(schema), TestPostgres.user(), TestPostgres.password(), schema);
            return ports;
        }
    }

    /** A freshly migrated database with our domain, and the adapters over it, one entity manager per step. */
    static final class JpaPorts implements PortsUnderTest {

        private static final Instant SET_UP = Instant.parse("2026-12-01T08:00:00Z");

        private final String url;
        private final String user;
        private final String password;
        private final String pgSchema;
        private final EntityManagerFactory emf;
        private final Clock clock = Clock.fixed(Instant.parse("2026-12-06T09:00:00Z"), ZoneOffset.UTC);
        /** Application-wide in the container: one per node. */
        private final KnownLocalDomains knownDomains = new KnownLocalDomains();
        private final WorkSignal signal = new WorkSignal();
        private final PlatformSettings settings = new PlatformSettings() {
            @Override
            public String providerName() {
                return "Gestore Nostro";
            }

            @Override
            public String domain() {
                return OUR_DOMAIN;
            }
        };

        JpaPorts(String url, String user, String password, String pgSchema) {
            this.url = url;
            this.user = user;
            this.password = password;
            this.pgSchema = pgSchema;
            Flyway.configure().dataSource(url, user, password).locations("classpath:db/migration",
                    "classpath:db/vendor/" + (pgSchema == null ? "h2" : "postgresql")).load().migrate();
            emf = Persistence.createEntityManagerFactory("pec-test", Map.of(
                    "jakarta.persistence.jdbc.driver", pgSchema == null ? "org.h2.Driver" : "org.postgresql.Driver",
                    "jakarta.persistence.jdbc.url", url, "jakarta.persistence.jdbc.user", user,
                    "jakarta.persistence.jdbc.password", password));
            // the domain of the settings is ours anyway; its row is what its mailboxes hang on
            addLocalDomain(OUR_DOMAIN);
        }

        void close() {
            emf.close();
            if (pgSchema != null) {
                TestPostgres.dropSchema(pgSchema);
                return;
            }
            // an in-memory H2 kept open (DB_CLOSE_DELAY=-1) would otherwise stay until the JVM ends
            try (Connection c = DriverManager.getConnection(url, user, password);
                    java.sql.Statement st = c.createStatement()) {
                st.execute("SHUTDOWN");
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }

        // ---- steps

        /** One step's transaction: the EJB services over its entity manager, the blob store over its connection. */
        private final class StepTransaction {
            final EntityManager em = emf.createEntityManager();
            final TestTransactionRegistry registry = new TestTransactionRegistry();
            final DataSource dataSource = sharing(em);

            Ports ports() {
                MailboxService mailboxes = StoreServicesForTests.mailboxes(em, knownDomains, clock);
                MessageStoreService store = StoreServicesForTests.store(em, dataSource, clock);
                Dispatcher dispatcher = new Dispatcher();
                dispatcher.em = em;
                dispatcher.dataSource = dataSource;
                dispatcher.mailboxes = mailboxes;
                dispatcher.knownDomains = knownDomains;
                dispatcher.settings = settings;
                dispatcher.clock = clock;
                dispatcher.signal = signal;
                dispatcher.synchronizations = registry;
                TrackingService tracking = new TrackingService();
                tracking.em = em;
                tracking.transactions = registry;
                PecLog log = PecLogForTests.over(em, dataSource, registry);
                ProviderIndexService index = new ProviderIndexService() {
                    @Override
                    public ProviderIndex index() {
                        return new JpaProviderIndex(em);
                    }
                };
                NoticeFiling notices = new NoticeFiling();
                notices.dispatcher = dispatcher;
                notices.store = store;
                notices.tracking = tracking;
                notices.log = log;
                notices.settings = settings;
                tracking.log = log;
                tracking.settings = settings;
                // the shells' wiring: the blob store, our domains and the registro taken once, called directly
                return new Ports(ReceptionPorts.blobs(dispatcher.blobs()), ReceptionPorts.mailboxes(store, mailboxes),
                        AccessPointPorts.sendingMailboxes(mailboxes),
                        AccessPointPorts.domains(dispatcher.ourDomains(), index), dispatcher::dispatch,
                        AccessPointPorts.tracking(em, dispatcher.ourDomains()), tracking::lockTransmission,
                        log.registro()::record, ReceptionPorts.notices(notices));
            }

            void end(boolean commit) {
                boolean committed = false;
                try {
                    if (em.getTransaction().isActive()) {
                        if (commit) {
                            registry.beforeCommit();
                            em.getTransaction().commit();
                            committed = true;
                        } else {
                            em.getTransaction().rollback();
                        }
                    } else {
                        committed = commit;
                    }
                } finally {
                    if (em.getTransaction().isActive()) {
                        em.getTransaction().rollback();
                    }
                    registry.completed(committed ? Status.STATUS_COMMITTED : Status.STATUS_ROLLEDBACK);
                    em.close();
                }
            }
        }

        @Override
        public <T> T inStep(Step<T> step) throws Exception {
            StepTransaction tx = new StepTransaction();
            tx.em.getTransaction().begin();
            boolean commit = false;
            try {
                T result = step.run(tx.ports());
                commit = true;
                return result;
            } finally {
                tx.end(commit);
            }
        }

        @Override
        public void rolledBack(Step<?> step) throws Exception {
            StepTransaction tx = new StepTransaction();
            tx.em.getTransaction().begin();
            try {
                step.run(tx.ports());
                tx.em.flush();
            } finally {
                tx.end(false);
            }
        }

        /** Set-up and observation: a transaction of their own, a checked exception taken as a failure. */
        private <T> T tx(Function<EntityManager, T> work) {
            EntityManager em = emf.createEntityManager();
            try {
                em.getTransaction().begin();
                T result = work.apply(em);
                em.getTransaction().commit();
                return result;
            } finally {
                if (em.getTransaction().isActive()) {
                    em.getTransaction().rollback();
                }
                em.close();
            }
        }

        // ---- set-up

        @Override
        public void addMailbox(String address, MailboxStatus status, boolean acceptsOrdinaryMail) {
            tx(em -> {
                JpaMailboxDirectory directory = new JpaMailboxDirectory(em);
                try {
                    directory.createMailbox(new NewMailbox(address, "password1", "Titolare", null, null), p -> "$h",
                            SET_UP);
                    return directory.patch(address, acceptsOrdinaryMail, null, status);
                } catch (MailboxException e) {
                    throw new IllegalStateException(e);
                }
            });
        }

        @Override
        public void addLocalDomain(String domain) {
            tx(em -> {
                try {
                    return new JpaMailboxDirectory(em).createDomain(domain, SET_UP);
                } catch (MailboxException e) {
                    throw new IllegalStateException(e);
                }
            });
        }

        // ---- observation

        @Override
        public int references(long blobId) {
            try (Connection c = DriverManager.getConnection(url, user, password);
                    PreparedStatement ps = c.prepareStatement("SELECT ref_count FROM message_blob WHERE id = ?")) {
                ps.setLong(1, blobId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getInt(1) : 0;
                }
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public List<Deposited> inbox(String address) {
            StepTransaction step = new StepTransaction();
            step.em.getTransaction().begin();
            try {
                MessageStoreService store = StoreServicesForTests.store(step.em, step.dataSource, clock);
                List<Deposited> inbox = new ArrayList<>();
                for (MessageEntry m : store.list(address, "INBOX")) {
                    RawMessage raw = store.openRaw(address, m.id()).orElseThrow();
                    try (InputStream in = raw.content()) {
                        inbox.add(new Deposited(m.subject(), m.pecKind(), m.receivedAt(), in.readAllBytes()));
                    }
                }
                return inbox;
            } catch (MailboxNotFoundException e) {
                return List.of();
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            } finally {
                step.end(false);
            }
        }

        @Override
        public List<LogEvent> logged() {
            return tx(em -> em.createQuery("SELECT e FROM LogEntry e ORDER BY e.id", LogEntry.class).getResultList()
                    .stream().map(e -> new LogEvent(e.getEventType(), e.getEventTime(), e.getMsgid(),
                            e.getClientMsgid(), e.getSender(), words(e.getRecipients()), e.getSubject(),
                            words(e.getGeneratedIds()), e.getSendingProvider(), e.getDetail()))
                    .toList());
        }

        private static List<String> words(String spaced) {
            return spaced == null || spaced.isBlank() ? List.of() : Arrays.asList(spaced.split(" "));
        }

        @Override
        public Optional<TransmissionRecords.NewTransmission> transmission(String pecMsgid) {
            return tx(em -> em.createNamedQuery(Transmission.BY_MSGID, Transmission.class)
                    .setParameter("msgid", pecMsgid).getResultStream().findFirst().map(t -> {
                        List<TransmissionRecords.TrackedRecipient> recipients = em
                                .createNamedQuery(Delivery.OF_TRANSMISSION_LOCKED, Delivery.class)
                                .setParameter("msgid", pecMsgid).getResultList().stream()
                                .map(r -> new TransmissionRecords.TrackedRecipient(r.getRecipient(), r.isCertified(),
                                        r.getNextCheckAt()))
                                .toList();
                        return new TransmissionRecords.NewTransmission(t.getPecMsgid(), t.getClientMsgid(),
                                t.getSender(), t.getSubject(), t.getAcceptedAt(), t.getEnvelopeBlob(),
                                t.getDaticert(), recipients);
                    }));
        }

        @Override
        public List<WorkQueue.Work> queued() {
            return tx(em -> {
                JpaWorkQueue queue = new JpaWorkQueue(em, WorkRetries.standard());
                return em.createQuery("SELECT w.id FROM WorkItem w ORDER BY w.id", Long.class).getResultList()
                        .stream().map(id -> queue.find(id).orElseThrow()).toList();
            });
        }

        @Override
        public List<DeliveryRow> deliveries() {
            return tx(em -> em.createQuery("SELECT d FROM Delivery d ORDER BY d.id", Delivery.class).getResultList()
                    .stream().map(d -> new DeliveryRow(d.getTransmission() == null ? null
                            : d.getTransmission().getPecMsgid(), d.getRecipient(), d.isCertified(), d.getNextCheckAt(),
                            d.getStatus(), d.getDomain(), d.getBlobId(), d.getMailFrom(), d.getAttempts(),
                            d.getNextAttemptAt(), d.getExpireAt()))
                    .toList());
        }
    }

    /**
     * The connection of the entity manager's transaction, as a DataSource the blob store may close after each call
     * (closing does nothing): what {@code jdbc/pec} is in the container, enlisted in the caller's transaction.
     */
    static DataSource sharing(EntityManager em) {
        return (DataSource) Proxy.newProxyInstance(JpaPortsTest.class.getClassLoader(),
                new Class<?>[] {DataSource.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getConnection" -> unclosable(em.unwrap(Connection.class));
                    case "toString" -> "the connection of " + em;
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private static Connection unclosable(Connection c) {
        return (Connection) Proxy.newProxyInstance(JpaPortsTest.class.getClassLoader(),
                new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "close":
                            return null;
                        case "isClosed":
                            return false;
                        default:
                            try {
                                return method.invoke(c, args);
                            } catch (InvocationTargetException e) {
                                throw e.getCause();
                            }
                    }
                });
    }
}
