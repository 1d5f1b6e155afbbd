package it.certmail.pec.log.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import it.certmail.pec.crypto.LocalPki;
import it.certmail.pec.crypto.ProviderKeyMaterial;
import it.certmail.pec.crypto.SmimeSigner;
import it.certmail.pec.crypto.SmimeVerifier;
import it.certmail.pec.log.domain.DaySeal;
import it.certmail.pec.log.domain.LogFinding;
import it.certmail.pec.log.domain.LogFinding.Kind;
import it.certmail.pec.log.domain.LogVerification;
import it.certmail.pec.log.domain.LogVerifier;
import it.certmail.pec.log.domain.RetentionPolicy;
import it.certmail.pec.testsupport.TestPostgres;

/**
 * The chain and the seals in the database, with the provider's real CMS signature: chaining in the order the
 * chainer fixes (a late commit goes at the end of its day), sealing closed days, the verifier finding changes made
 * with SQL, retention dropping a sealed month and keeping its seals. H2 here; {@link LogChainStorePostgresTest}
 * runs the same on PostgreSQL with monthly partitions.
 */
class LogChainStoreTest {

    /** Entries on 30 and 31 October and 1 November 2026; the 2nd at 01:00 the first three days are sealable. */
    private static final Instant NOW = Instant.parse("2026-11-02T01:00:00Z");
    private static ProviderKeyMaterial provider;
    private static ProviderKeyMaterial other;

    LogTestDatabase db;

    @BeforeAll
    static void keys() {
        provider = new LocalPki().generate("Certmail", "pec.certmail.example", Instant.parse("2026-10-01T00:00:00Z"))
                .material();
        other = new LocalPki().generate("Mallory", "pec.certmail.example", Instant.parse("2026-10-01T00:00:00Z"))
                .material();
    }

    LogTestDatabase database() {
        return LogTestDatabase.h2();
    }

    @BeforeEach
    void open() throws SQLException {
        db = database();
        db.ensureMonths(YearMonth.of(2026, 10), 2);
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void entriesShouldBeChainedSealedAndVerifiedIntact() throws Exception {
        writeDays();
        assertThat(chainAll()).isEqualTo(9);
        assertThat(db.count("SELECT COUNT(*) FROM pec_log WHERE chain_seq IS NULL")).isZero();
        assertThat(sealAll(NOW)).containsExactly(LocalDate.of(2026, 10, 30), LocalDate.of(2026, 10, 31),
                LocalDate.of(2026, 11, 1));
        LogVerification v = verify(NOW);
        assertThat(v.findings()).isEmpty();
        assertThat(v.seals()).isEqualTo(3);
        assertThat(v.entriesChecked()).isEqualTo(9);
        try (Connection c = db.connection()) {
            DaySeal first = new LogChainStore(c).seals().get(0);
            assertThat(first.entries()).isEqualTo(3);
            assertThat(new String(first.content(), java.nio.charset.StandardCharsets.US_ASCII))
                    .startsWith("pec-log-seal/1\nday=2026-10-30\nentries=3\n");
        }
    }

    @Test
    void anEntryCommittedLateShouldGoAtTheEndOfItsDaysChain() throws Exception {
        writeDays();
        try (Connection late = db.connection()) {
            late.setAutoCommit(false);
            // an earlier time, committed after the chainer ran: it cannot take a position already handed out
            long id = insert(late, Instant.parse("2026-11-01T00:30:00Z"), "late");
            assertThat(chainAll()).isEqualTo(9);
            late.commit();
            assertThat(chainAll()).isEqualTo(1);
            assertThat(db.count("SELECT chain_seq FROM pec_log WHERE id = " + id)).isEqualTo(4);
        }
        sealAll(NOW);
        assertThat(verify(NOW).findings()).isEmpty();
    }

    @Test
    void changesMadeWithSqlShouldBeFoundWithTheirDay() throws Exception {
        writeDays();
        chainAll();
        sealAll(NOW);
        long altered = idOf("2026-10-30", 2);
        long removed = idOf("2026-10-31", 1);
        db.execute("UPDATE pec_log SET recipients = 'mallory@evil.test' WHERE id = " + altered);
        db.execute("DELETE FROM pec_log WHERE id = " + removed);
        long inserted;
        try (Connection c = db.connection()) {
            inserted = insert(c, Instant.parse("2026-11-01T12:00:00Z"), "forged");
        }
        assertThat(verify(NOW).findings())
                .extracting(LogFinding::kind, LogFinding::day, LogFinding::entryId)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(Kind.ALTERED, LocalDate.of(2026, 10, 30), altered),
                        org.assertj.core.groups.Tuple.tuple(Kind.REMOVED, LocalDate.of(2026, 10, 31), null),
                        org.assertj.core.groups.Tuple.tuple(Kind.INSERTED, LocalDate.of(2026, 11, 1), inserted));
    }

    @Test
    void aSealSignedByAnotherKeyShouldBeBad() throws Exception {
        writeDays();
        chainAll();
        sealAll(NOW);
        DaySeal genuine;
        try (Connection c = db.connection()) {
            genuine = new LogChainStore(c).seals().get(1);
        }
        byte[] forged = new SmimeSigner(other.signing()).signDetached(genuine.content(), genuine.sealedAt());
        db.execute("UPDATE pec_log_day SET seal_signature = '" + Base64.getEncoder().encodeToString(forged)
                + "' WHERE log_day = DATE '2026-10-31'");
        assertThat(verify(NOW).findings()).extracting(LogFinding::kind, LogFinding::day)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(Kind.BAD_SEAL, LocalDate.of(2026, 10, 31)));
    }

    @Test
    void retentionShouldDropAWhollySealedMonthAndKeepItsSeals() throws Exception {
        writeDays();
        chainAll();
        Instant later = Instant.parse("2029-05-10T10:00:00Z");
        // sealing stops at a month not wholly sealed: October goes only once 31 October is sealed
        try (Connection c = db.connection()) {
            assertThat(new LogChainStore(c).firstMonthNotWhollySealed(NOW)).isEqualTo(YearMonth.of(2026, 10));
        }
        assertThat(sealAll(later)).hasSize((int) java.time.temporal.ChronoUnit.DAYS.between(LocalDate.of(2026, 10, 30),
                LocalDate.of(2029, 5, 10)));
        YearMonth firstKept = RetentionPolicy.PEC_LOG.firstKeptMonth(later);
        assertThat(firstKept).isEqualTo(YearMonth.of(2026, 11));
        try (Connection c = db.connection()) {
            assertThat(new LogChainStore(c).firstMonthNotWhollySealed(later)).isEqualTo(YearMonth.of(2029, 5));
        }
        assertThat(new LogPartitions(db.dataSource()).removeBefore(firstKept)).isEqualTo(6);
        try (Connection c = db.connection()) {
            assertThat(new LogChainStore(c).markDropped(firstKept)).isEqualTo(2);
        }
        LogVerification v = verify(later);
        assertThat(v.findings()).isEmpty();
        assertThat(v.droppedDays()).isEqualTo(2);
        assertThat(v.entriesChecked()).isEqualTo(3);
    }

    @Test
    void aMonthWithAnEntryOlderThanTheFirstSealShouldNotBeDropped() throws Exception {
        writeDays();
        chainAll();
        sealAll(NOW);
        try (Connection c = db.connection()) {
            // back-dated after sealing began: in no seal, so its month may not go
            insert(c, Instant.parse("2026-09-15T10:00:00Z"), "back-dated");
            assertThat(new LogChainStore(c).firstMonthNotWhollySealed(NOW)).isEqualTo(YearMonth.of(2026, 9));
        }
    }

    @Test
    void aRangeShouldCheckOnlyItsDaysFromTheSealBeforeIt() throws Exception {
        writeDays();
        chainAll();
        sealAll(NOW);
        long altered = idOf("2026-10-30", 2);
        db.execute("UPDATE pec_log SET subject = 'rewritten' WHERE id = " + altered);

        LogVerification after = verify(NOW, LocalDate.of(2026, 10, 31), LocalDate.of(2026, 11, 1));
        assertThat(after.findings()).isEmpty();
        assertThat(after.daysChecked()).isEqualTo(2);
        assertThat(after.entriesChecked()).isEqualTo(6);
        assertThat(after.seals()).isEqualTo(2);
        assertThat(after.firstDay()).isEqualTo(LocalDate.of(2026, 10, 31));
        assertThat(after.lastDay()).isEqualTo(LocalDate.of(2026, 11, 1));

        LogVerification first = verify(NOW, LocalDate.of(2026, 10, 30), LocalDate.of(2026, 10, 30));
        assertThat(first.findings()).extracting(LogFinding::kind, LogFinding::day, LogFinding::entryId)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(Kind.ALTERED, LocalDate.of(2026, 10, 30), altered));
        assertThat(first.daysChecked()).isEqualTo(1);

        // a range reaching past today stops at today; one starting before the registro starts at its first day
        LogVerification wide = verify(NOW, LocalDate.of(2026, 1, 1), LocalDate.of(2027, 1, 1));
        assertThat(wide.firstDay()).isEqualTo(LocalDate.of(2026, 10, 30));
        assertThat(wide.lastDay()).isEqualTo(LocalDate.of(2026, 11, 2));
        assertThat(wide.findings()).extracting(LogFinding::kind).containsExactly(Kind.ALTERED);
    }

    @Test
    void aRangeShouldFindASealBeforeItThatWasReplaced() throws Exception {
        writeDays();
        chainAll();
        sealAll(NOW);
        // the seal of 30 October re-signed with the provider's own key after a change: valid itself, but no longer
        // the one 31 October's seal follows
        DaySeal genuine;
        try (Connection c = db.connection()) {
            genuine = new LogChainStore(c).seals().get(0);
        }
        Instant resealed = genuine.sealedAt().plusSeconds(60);
        DaySeal replaced = new DaySeal(genuine.day(), genuine.entries(), genuine.lastHash(), genuine.previousSeal(),
                resealed, null, false);
        byte[] signature = new SmimeSigner(provider.signing()).signDetached(replaced.content(), resealed);
        db.execute("UPDATE pec_log_day SET sealed_at = TIMESTAMP WITH TIME ZONE '"
                + OffsetDateTime.ofInstant(resealed, ZoneOffset.UTC).toLocalDateTime().toString().replace('T', ' ')
                + "+00', seal_signature = '" + Base64.getEncoder().encodeToString(signature)
                + "' WHERE log_day = DATE '2026-10-30'");
        assertThat(verify(NOW, LocalDate.of(2026, 10, 31), null).findings())
                .extracting(LogFinding::kind, LogFinding::day)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(Kind.BAD_SEAL, LocalDate.of(2026, 10, 31)));
        assertThat(verify(NOW, LocalDate.of(2026, 11, 1), null).findings()).isEmpty();
    }

    @Test
    void aRangeShouldFindAForgedSealBeforeIt() throws Exception {
        writeDays();
        chainAll();
        sealAll(NOW);
        DaySeal genuine;
        try (Connection c = db.connection()) {
            genuine = new LogChainStore(c).seals().get(0);
        }
        byte[] forged = new SmimeSigner(other.signing()).signDetached(genuine.content(), genuine.sealedAt());
        db.execute("UPDATE pec_log_day SET seal_signature = '" + Base64.getEncoder().encodeToString(forged)
                + "' WHERE log_day = DATE '2026-10-30'");
        assertThat(verify(NOW, LocalDate.of(2026, 10, 31), LocalDate.of(2026, 10, 31)).findings())
                .extracting(LogFinding::kind, LogFinding::day)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(Kind.BAD_SEAL, LocalDate.of(2026, 10, 30)));
    }

    @Test
    void aRangeEndingBeforeItStartsShouldBeRefused() {
        org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
                .isThrownBy(() -> verify(NOW, LocalDate.of(2026, 11, 1), LocalDate.of(2026, 10, 31)))
                .withMessageContaining("2026-11-01");
    }

    private void writeDays() throws SQLException {
        try (Connection c = db.connection()) {
            for (String day : List.of("2026-10-30", "2026-10-31", "2026-11-01")) {
                for (int i = 0; i < 3; i++) {
                    insert(c, Instant.parse(day + "T0" + (3 + 2 * i) + ":00:00.123456Z"), day + " #" + i);
                }
            }
        }
    }

    private static long insert(Connection c, Instant time, String subject) throws SQLException {
        long id;
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                c.getMetaData().getDatabaseProductName().equals("PostgreSQL")
                        ? "SELECT nextval('pec_log_seq')" : "SELECT NEXT VALUE FOR pec_log_seq")) {
            rs.next();
            id = rs.getLong(1);
        }
        try (PreparedStatement p = c.prepareStatement("INSERT INTO pec_log (id, event_time, event_type, msgid,"
                + " sender, recipients, subject, generated_ids, sending_provider) VALUES (?, ?, 'ACCETTAZIONE', ?,"
                + " 'alice@a.example', 'bob@b.example', ?, '<r@pec.example>', 'Certmail')")) {
            p.setLong(1, id);
            p.setObject(2, OffsetDateTime.ofInstant(time, ZoneOffset.UTC));
            p.setString(3, "opec." + id + "@pec.example");
            p.setString(4, subject + " – è");
            p.executeUpdate();
        }
        return id;
    }

    private long idOf(String day, int seq) {
        return db.count("SELECT id FROM pec_log WHERE chain_seq = " + seq + " AND event_time >= TIMESTAMP WITH TIME"
                + " ZONE '" + day + " 00:00:00+00' AND event_time < TIMESTAMP WITH TIME ZONE '" + day + " 23:59:59+00'");
    }

    private int chainAll() throws SQLException {
        try (Connection c = db.connection()) {
            c.setAutoCommit(false);
            int n = new LogChainStore(c).chainPending(1000);
            c.commit();
            return n;
        }
    }

    private List<LocalDate> sealAll(Instant now) throws Exception {
        SmimeSigner signer = new SmimeSigner(provider.signing());
        List<LocalDate> sealed = new java.util.ArrayList<>();
        try (Connection c = db.connection()) {
            c.setAutoCommit(false);
            LogChainStore store = new LogChainStore(c);
            for (Optional<DaySeal> s = seal(store, signer, now); s.isPresent(); s = seal(store, signer, now)) {
                c.commit();
                sealed.add(s.get().day());
            }
            c.commit();
        }
        return sealed;
    }

    private static Optional<DaySeal> seal(LogChainStore store, SmimeSigner signer, Instant now) throws SQLException {
        Instant at = now.truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        return store.sealNext(now, content -> {
            try {
                return signer.signDetached(content, at);
            } catch (jakarta.mail.MessagingException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private LogVerification verify(Instant now) throws SQLException {
        return verify(now, null, null);
    }

    private LogVerification verify(Instant now, LocalDate from, LocalDate to) throws SQLException {
        CmsSealSignatures signatures = new CmsSealSignatures(new SmimeVerifier(List.of(provider.caCertificate())),
                provider.signing().signerAddress());
        try (Connection c = db.connection()) {
            return new LogChainStore(c).verify(new LogVerifier(signatures, RetentionPolicy.PEC_LOG, now), now, from, to);
        }
    }

    /** A private, migrated database with the vendor migrations (pec_log), H2 or a PostgreSQL schema. */
    static final class LogTestDatabase implements AutoCloseable {

        private final String url;
        private final String user;
        private final String password;
        private final String pgSchema;

        private LogTestDatabase(String url, String user, String password, String pgSchema, String vendor) {
            this.url = url;
            this.user = user;
            this.password = password;
            this.pgSchema = pgSchema;
            Flyway.configure().dataSource(url, user, password)
                    .locations("classpath:db/migration", "classpath:db/vendor/" + vendor).load().migrate();
        }

        static LogTestDatabase h2() {
            return new LogTestDatabase("jdbc:h2:mem:log-" + java.util.UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
                    "sa", "", null, "h2");
        }

        static LogTestDatabase postgres() {
            String schema = TestPostgres.createSchema("t_");
            return new LogTestDatabase(TestPostgres.urlIn(schema), TestPostgres.user(), TestPostgres.password(),
                    schema, "postgresql");
        }

        Connection connection() throws SQLException {
            return DriverManager.getConnection(url, user, password);
        }

        DataSource dataSource() {
            org.h2.jdbcx.JdbcDataSource h2 = new org.h2.jdbcx.JdbcDataSource();
            if (pgSchema == null) {
                h2.setURL(url);
                h2.setUser(user);
                h2.setPassword(password);
                return h2;
            }
            org.postgresql.ds.PGSimpleDataSource pg = new org.postgresql.ds.PGSimpleDataSource();
            pg.setURL(url);
            pg.setUser(user);
            pg.setPassword(password);
            return pg;
        }

        void ensureMonths(YearMonth first, int count) throws SQLException {
            new LogPartitions(dataSource()).ensureMonths(first, count);
        }

        long count(String sql) {
            try (Connection c = connection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
                rs.next();
                return rs.getLong(1);
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }

        void execute(String sql) throws SQLException {
            try (Connection c = connection(); Statement st = c.createStatement()) {
                st.execute(sql);
            }
        }

        @Override
        public void close() {
            try (Connection c = connection(); Statement st = c.createStatement()) {
                st.execute(pgSchema == null ? "SHUTDOWN" : "DROP SCHEMA " + pgSchema + " CASCADE");
            } catch (SQLException ignored) {
                // already gone
            }
        }
    }
}
