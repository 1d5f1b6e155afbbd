package it.certmail.pec.log.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import javax.sql.DataSource;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.Persistence;
import jakarta.transaction.Status;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import it.certmail.pec.log.domain.LogEvent;
import it.certmail.pec.log.domain.LogQuery;
import it.certmail.pec.log.model.LogEntry;
import it.certmail.pec.log.model.LogEventType;
import it.certmail.pec.testsupport.TestPostgres;
import it.certmail.pec.testsupport.TestTransactionRegistry;

/**
 * The registro's recorder writes a transaction's entries just before it commits, all in one statement, in the
 * order recorded, each field as given; a rollback writes none; a failed write fails the commit; the recorder's own
 * queries in the same transaction see what it recorded. On H2 here, on PostgreSQL in {@link PecLogPostgresTest}.
 */
class PecLogTest {

    private static final Instant T0 = Instant.parse("2026-12-06T09:00:00.123456Z");

    private EntityManagerFactory emf;
    private String pgSchema;

    /** The database: a fresh H2 here. */
    void open() {
        migrateAndOpen("jdbc:h2:mem:peclog-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "", "h2", "org.h2.Driver");
    }

    final void migrateAndOpen(String url, String user, String password, String vendor, String driver) {
        Flyway.configure().dataSource(url, user, password)
                .locations("classpath:db/migration", "classpath:db/vendor/" + vendor).load().migrate();
        emf = Persistence.createEntityManagerFactory("pec-test", Map.of("jakarta.persistence.jdbc.driver", driver,
                "jakarta.persistence.jdbc.url", url, "jakarta.persistence.jdbc.user", user,
                "jakarta.persistence.jdbc.password", password));
    }

    @BeforeEach
    void setUp() {
        open();
    }

    @AfterEach
    void tearDown() {
        emf.close();
        if (pgSchema != null) {
            TestPostgres.dropSchema(pgSchema);
        }
    }

    void setSchema(String schema) {
        pgSchema = schema;
    }

    String schema() {
        return pgSchema;
    }

    // ---- a step's transaction, as the container runs it

    /** One transaction: its entity manager, its registry, the statements prepared on its connection. */
    private final class Step {
        final EntityManager em = emf.createEntityManager();
        final TestTransactionRegistry registry = new TestTransactionRegistry();
        final AtomicInteger statements = new AtomicInteger();
        final PecLog log;

        Step(boolean connectionFails) {
            log = PecLogForTests.over(em, connectionFails ? failing() : counting(em, statements), registry);
            em.getTransaction().begin();
        }

        /** A step whose connections come from {@code connections}, made from its entity manager. */
        Step(java.util.function.Function<EntityManager, DataSource> connections) {
            log = PecLogForTests.over(em, connections.apply(em), registry);
            em.getTransaction().begin();
        }

        void commit() {
            try {
                registry.beforeCommit();
                em.getTransaction().commit();
                registry.completed(Status.STATUS_COMMITTED);
            } finally {
                if (em.getTransaction().isActive()) {
                    em.getTransaction().rollback();
                    registry.completed(Status.STATUS_ROLLEDBACK);
                }
                em.close();
            }
        }

        void rollback() {
            em.getTransaction().rollback();
            registry.completed(Status.STATUS_ROLLEDBACK);
            em.close();
        }
    }

    private Step step(Consumer<PecLog> work) {
        Step step = new Step(false);
        work.accept(step.log);
        return step;
    }

    private List<LogEntry> stored() {
        EntityManager em = emf.createEntityManager();
        try {
            return em.createQuery("SELECT e FROM LogEntry e ORDER BY e.id", LogEntry.class).getResultList();
        } finally {
            em.close();
        }
    }

    private static LogEvent event(LogEventType type, int n) {
        return new LogEvent(type, T0.plusMillis(n), "opec-" + n + "@pec.test", "<c" + n + "@client.test>",
                "alice@pec.test", List.of("bob@pec.test", "carol@other.test"), "Oggetto " + n,
                List.of("<r" + n + "a@pec.test>", "<r" + n + "b@pec.test>"), "Gestore Nostro", "detail " + n);
    }

    // ---- the tests

    @Test
    void eachEntryShouldBeWrittenAtOnceInTheCallersTransactionInTheOrderRecorded() {
        List<LogEventType> types = List.of(LogEventType.ACCETTAZIONE, LogEventType.BUSTA_TRASPORTO,
                LogEventType.PRESA_IN_CARICO, LogEventType.CONSEGNA, LogEventType.PRESA_IN_CARICO,
                LogEventType.CONSEGNA, LogEventType.CONSEGNA);
        Step step = step(log -> IntStream.range(0, types.size()).forEach(i -> log.record(event(types.get(i), i % 2))));

        // written on the transaction's own connection as they are recorded: no other transaction sees them yet
        assertThat(step.statements).hasValue(types.size());
        assertThat(stored()).as("nothing before the commit").isEmpty();
        step.commit();

        List<LogEntry> stored = stored();
        assertThat(stored).extracting(LogEntry::getEventType).containsExactlyElementsOf(types);
        assertThat(stored).extracting(LogEntry::getId).doesNotHaveDuplicates().isSorted();
        for (int i = 0; i < stored.size(); i++) {
            LogEntry e = stored.get(i);
            LogEvent expected = event(types.get(i), i % 2);
            assertThat(e.getEventTime()).isEqualTo(expected.time());
            assertThat(e.getMsgid()).isEqualTo(expected.msgid());
            assertThat(e.getClientMsgid()).isEqualTo(expected.clientMsgid());
            assertThat(e.getSender()).isEqualTo(expected.sender());
            assertThat(e.getRecipients()).isEqualTo("bob@pec.test carol@other.test");
            assertThat(e.getSubject()).isEqualTo(expected.subject());
            assertThat(e.getGeneratedIds()).isEqualTo(String.join(" ", expected.generatedIds()));
            assertThat(e.getSendingProvider()).isEqualTo(expected.sendingProvider());
            assertThat(e.getDetail()).isEqualTo(expected.detail());
        }
        assertThat(step.log.counters.snapshot()).containsEntry(LogEventType.CONSEGNA, 3L)
                .containsEntry(LogEventType.ACCETTAZIONE, 1L);
    }

    @Test
    void aStepThatKeepsItsEntriesShouldWriteThemInOneStatementAsItsCallEnds() {
        List<LogEventType> types = List.of(LogEventType.PRESA_IN_CARICO, LogEventType.RICEZIONE_RICEVUTA,
                LogEventType.CONSEGNA, LogEventType.RICEZIONE_RICEVUTA);
        Step step = new Step(false);
        assertThat(step.log.keepUntilTheStepEnds()).isTrue();
        // an inner call of the same step does not keep them a second time
        assertThat(step.log.keepUntilTheStepEnds()).isFalse();
        IntStream.range(0, types.size()).forEach(i -> step.log.record(event(types.get(i), i)));
        assertThat(step.statements).as("kept until the step's call ends").hasValue(0);

        step.log.writeKept();
        assertThat(step.statements).hasValue(1);
        // recorded after the step's call ended (still in its transaction): written at once
        step.log.record(event(LogEventType.INOLTRO, 9));
        assertThat(step.statements).hasValue(2);
        step.commit();

        assertThat(stored()).extracting(LogEntry::getEventType).containsExactly(LogEventType.PRESA_IN_CARICO,
                LogEventType.RICEZIONE_RICEVUTA, LogEventType.CONSEGNA, LogEventType.RICEZIONE_RICEVUTA,
                LogEventType.INOLTRO);
    }

    @Test
    void keptEntriesNeverWrittenShouldFailTheCommitRatherThanCommitTheWorkWithoutThem() {
        Step step = new Step(false);
        step.log.keepUntilTheStepEnds();
        step.log.record(event(LogEventType.CONSEGNA, 0));

        assertThatThrownBy(step::commit).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("never written");
        assertThat(stored()).isEmpty();
        assertThat(step.log.counters.snapshot()).containsEntry(LogEventType.CONSEGNA, 0L);
    }

    @Test
    void aQueryOfTheStepShouldSeeWhatItKeptSoFar() {
        Step step = new Step(false);
        step.log.keepUntilTheStepEnds();
        step.log.record(event(LogEventType.ACCETTAZIONE, 0));
        assertThat(step.log.search(new LogQuery("opec-0@pec.test", null, null, null, 10)))
                .extracting(LogEntry::getEventType).containsExactly(LogEventType.ACCETTAZIONE);
        step.log.record(event(LogEventType.BUSTA_TRASPORTO, 0));
        step.log.writeKept();
        step.commit();

        assertThat(stored()).extracting(LogEntry::getEventType)
                .containsExactly(LogEventType.ACCETTAZIONE, LogEventType.BUSTA_TRASPORTO);
    }

    @Test
    void emptyFieldsAndOverlongOnesShouldBeKeptAsBefore() {
        String longSubject = "x".repeat(2500);
        step(log -> log.record(new LogEvent(LogEventType.NON_ACCETTAZIONE, T0, null, null, null, null,
                longSubject, null, null, null))).commit();

        LogEntry e = stored().get(0);
        assertThat(e.getMsgid()).isNull();
        assertThat(e.getSender()).isNull();
        assertThat(e.getRecipients()).isEmpty();
        assertThat(e.getGeneratedIds()).isEmpty();
        assertThat(e.getSubject()).hasSize(2000);
        assertThat(e.getDetail()).isNull();
    }

    @Test
    void aRollbackShouldWriteNoneAndCountNone() {
        Step step = step(log -> {
            log.record(event(LogEventType.ACCETTAZIONE, 0));
            log.record(event(LogEventType.BUSTA_TRASPORTO, 1));
        });
        step.rollback();

        assertThat(stored()).isEmpty();
        assertThat(step.log.counters.snapshot()).containsEntry(LogEventType.ACCETTAZIONE, 0L);
    }

    @Test
    void aWriteThatFailsShouldFailTheStep() {
        Step step = new Step(true);

        assertThatThrownBy(() -> step.log.record(event(LogEventType.ACCETTAZIONE, 0)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("registro entries");
        step.rollback();
        assertThat(stored()).isEmpty();
        assertThat(step.log.counters.snapshot()).containsEntry(LogEventType.ACCETTAZIONE, 0L);
    }

    @Test
    void aConnectionInAutoCommitShouldFailTheStepRatherThanCommitTheEntryApart() {
        Step step = new Step(PecLogTest::autoCommitting);

        assertThatThrownBy(() -> step.log.record(event(LogEventType.ACCETTAZIONE, 0)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("auto-commit");
        step.rollback();
        assertThat(stored()).isEmpty();
    }

    @Test
    void theRecordersQueriesInTheSameTransactionShouldSeeWhatItRecordedOnce() {
        Step step = step(log -> log.record(event(LogEventType.ACCETTAZIONE, 0)));
        assertThat(step.log.search(new LogQuery("opec-0@pec.test", null, null, null, 10)))
                .extracting(LogEntry::getEventType).containsExactly(LogEventType.ACCETTAZIONE);
        step.log.record(event(LogEventType.BUSTA_TRASPORTO, 0));
        assertThat(step.log.countTransmissionsOf("alice@pec.test", T0, T0.plusSeconds(1))).isEqualTo(2);
        step.commit();

        assertThat(stored()).extracting(LogEntry::getEventType)
                .containsExactly(LogEventType.ACCETTAZIONE, LogEventType.BUSTA_TRASPORTO);
    }

    @Test
    void aLongTransactionsEntriesShouldAllBeWrittenInOrder() {
        int n = 150;
        step(log -> IntStream.range(0, n).forEach(i -> log.record(event(LogEventType.CONSEGNA, i)))).commit();

        List<LogEntry> stored = stored();
        assertThat(stored).hasSize(n);
        assertThat(stored).extracting(LogEntry::getMsgid)
                .containsExactlyElementsOf(IntStream.range(0, n).mapToObj(i -> "opec-" + i + "@pec.test").toList());
    }

    // ---- the transaction's connection, as the container's pool hands it out

    /** The entity manager's connection (never closed by the recorder), counting the statements prepared on it. */
    private static DataSource counting(EntityManager em, AtomicInteger statements) {
        return dataSource(() -> {
            Connection c = em.unwrap(Connection.class);
            return (Connection) Proxy.newProxyInstance(PecLogTest.class.getClassLoader(),
                    new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                        switch (method.getName()) {
                            case "close":
                                return null;
                            case "prepareStatement":
                            case "createStatement":
                                statements.incrementAndGet();
                                break;
                            default:
                                break;
                        }
                        try {
                            return method.invoke(c, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
        });
    }

    /** The transaction's connection, lost: every statement on it fails. */
    private static DataSource failing() {
        return dataSource(() -> (Connection) Proxy.newProxyInstance(PecLogTest.class.getClassLoader(),
                new Class<?>[] {Connection.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "close" -> null;
                    case "getAutoCommit" -> false;
                    default -> throw new SQLException("connection refused");
                }));
    }

    /** A connection outside the transaction (auto-commit), as Payara hands one out outside a component's call. */
    private static DataSource autoCommitting(EntityManager em) {
        return dataSource(() -> {
            Connection c = em.unwrap(Connection.class);
            return (Connection) Proxy.newProxyInstance(PecLogTest.class.getClassLoader(),
                    new Class<?>[] {Connection.class}, (proxy, method, args) -> switch (method.getName()) {
                        case "close" -> null;
                        case "getAutoCommit" -> true;
                        default -> {
                            try {
                                yield method.invoke(c, args);
                            } catch (InvocationTargetException e) {
                                throw e.getCause();
                            }
                        }
                    });
        });
    }

    private interface ConnectionSupplier {
        Connection get() throws SQLException;
    }

    private static DataSource dataSource(ConnectionSupplier connection) {
        return (DataSource) Proxy.newProxyInstance(PecLogTest.class.getClassLoader(), new Class<?>[] {DataSource.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getConnection" -> connection.get();
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    case "toString" -> "the transaction's connection";
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
